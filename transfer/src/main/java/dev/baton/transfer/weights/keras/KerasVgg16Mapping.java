package dev.baton.transfer.weights.keras;

import dev.baton.transfer.weights.MappingResult;
import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightFormatException;
import dev.baton.transfer.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Keras VGG16 weight names and layouts onto torchvision's {@code vgg16().features} layout.
 *
 * <p>Keras layer {@code blockB_convC} becomes torchvision {@code features.N} with
 * N = 0, 2 | 5, 7 | 10, 12, 14 | 17, 19, 21 | 24, 26, 28 for blocks 1..5. Weight names of both Keras
 * generations are understood, with or without the h5 group prefix and {@code :0} suffix:
 * {@code block1_conv1/block1_conv1_W_1:0} / {@code block1_conv1_b_1:0} (the
 * {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5} file) and
 * {@code block1_conv1/kernel:0} / {@code bias:0} (Keras 2.x). Kernels are converted HWIO &rarr; OIHW.
 * Keras VGG16 expects Caffe-style input: BGR, 0..255 minus the ImageNet BGR mean, no scaling.
 */
public final class KerasVgg16Mapping {
    /** Convolutions per block. */
    private static final int[] CONVS = {2, 2, 3, 3, 3};
    private static final Pattern LAYER = Pattern.compile("block([1-5])_conv([1-3])");
    private static final Pattern OLD_VARIABLE = Pattern.compile("(block[1-5]_conv[1-3])_([Wb])(_\\d+)?");

    private KerasVgg16Mapping() {
    }

    /**
     * The torchvision {@code features} index of a Keras VGG16 conv layer.
     *
     * @param kerasLayer e.g. {@code block3_conv2}
     * @return e.g. 12, or empty for other layers
     */
    public static Optional<Integer> featureIndex(String kerasLayer) {
        Matcher m = LAYER.matcher(kerasLayer);
        if (!m.matches()) {
            return Optional.empty();
        }
        int block = Integer.parseInt(m.group(1));
        int conv = Integer.parseInt(m.group(2));
        if (conv > CONVS[block - 1]) {
            return Optional.empty();
        }
        int index = 0;
        for (int b = 1; b < block; b++) {
            index += 2 * CONVS[b - 1] + 1; // conv+relu per conv, then a pool
        }
        return Optional.of(index + 2 * (conv - 1));
    }

    /**
     * Maps a Keras VGG16 weight name to its torchvision parameter name.
     *
     * @param kerasWeight e.g. {@code block1_conv1/block1_conv1_W_1:0} or {@code block5_conv3/bias:0}
     * @return e.g. {@code features.0.weight}, or empty for weights outside the convolutional base
     */
    public static Optional<String> torchvisionName(String kerasWeight) {
        String n = kerasWeight.endsWith(":0") ? kerasWeight.substring(0, kerasWeight.length() - 2) : kerasWeight;
        String last = n.substring(n.lastIndexOf('/') + 1);
        String layer;
        String kind;
        Matcher old = OLD_VARIABLE.matcher(last);
        if (old.matches()) {
            layer = old.group(1);
            kind = old.group(2).equals("W") ? "weight" : "bias";
        } else {
            int slash = n.lastIndexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            String rest = n.substring(0, slash);
            layer = rest.substring(rest.lastIndexOf('/') + 1);
            kind = switch (last) {
                case "kernel" -> "weight";
                case "bias" -> "bias";
                default -> null;
            };
            if (kind == null) {
                return Optional.empty();
            }
        }
        return featureIndex(layer).map(i -> "features." + i + "." + kind);
    }

    /**
     * Maps and converts all convolutional weights of a Keras VGG16.
     *
     * @param keras weights under Keras names
     * @return the torchvision-layout weights and the names left out (e.g. fully connected layers)
     * @throws WeightFormatException on an unexpected rank or two weights mapping to one parameter
     */
    public static MappingResult map(WeightSet keras) throws WeightFormatException {
        List<NamedTensor> mapped = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (NamedTensor t : keras.tensors()) {
            Optional<String> target = torchvisionName(t.name());
            if (target.isEmpty()) {
                unmapped.add(t.name());
            } else if (target.get().endsWith(".weight")) {
                mapped.add(KerasLayouts.hwioToOihw(t, target.get()));
            } else {
                if (t.rank() != 1) {
                    throw new WeightFormatException("weight '" + t.name() + "' should be a vector, has rank " + t.rank());
                }
                mapped.add(t.renamed(target.get()));
            }
        }
        try {
            return new MappingResult(WeightSet.of(mapped), unmapped);
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException("ambiguous Keras weights: " + e.getMessage(), e);
        }
    }
}
