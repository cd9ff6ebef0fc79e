package dev.baton.transfer.weights.torchvision;

import dev.baton.transfer.weights.WeightImportException;
import java.util.List;

/**
 * A TorchScript file's tensor names match neither torchvision's VGG16 nor its MobileNetV2
 * {@code features} (e.g. a ResNet, a VGG16 with BatchNorm), and no architecture was given.
 */
public class UnrecognisedArchitectureException extends WeightImportException {
    private static final long serialVersionUID = 1L;

    /** The first tensor names found, for the message. */
    private final List<String> sampleNames;

    /**
     * Creates the exception.
     *
     * @param file the file, for the message
     * @param sampleNames the first tensor names found
     */
    public UnrecognisedArchitectureException(String file, List<String> sampleNames) {
        super(file + ": not a torchvision vgg16 or mobilenet_v2 (tensors " + sampleNames
                + "); pass the architecture explicitly to see which parameter does not fit");
        this.sampleNames = List.copyOf(sampleNames);
    }

    /** @return the first tensor names found */
    public List<String> sampleNames() {
        return sampleNames;
    }
}
