package dev.baton.transfer.weights.torchvision;

import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.MobileNetV2;
import dev.baton.transfer.model.Vgg16;
import dev.baton.transfer.weights.MappingResult;
import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes the backbone tensors out of a torchvision TorchScript file and recognises the architecture.
 *
 * <p>Baton's backbones use torchvision's {@code state_dict} names ({@code features.N...}), so no
 * renaming or layout conversion is needed: a saved {@code model.features} has names relative to
 * {@code features} ({@code 0.0.weight}), which get the prefix; a saved whole model has
 * {@code features.*} (kept) and {@code classifier.*} (left out). Integer tensors
 * ({@code num_batches_tracked}) are left out too.
 *
 * <p>Recognition: MobileNetV2 has {@code features.0.0.weight} and {@code features.1.conv.0.0.weight};
 * VGG16 (without BatchNorm) has {@code features.0.weight} and {@code features.28.weight}. The width
 * multiplier is estimated from the channel counts (VGG16: first convolution / 64; MobileNetV2: last
 * projection / 320); the strict import onto the backbone then checks every shape.
 */
public final class TorchvisionMapping {
    /** The prefix of the backbone's tensors. */
    public static final String FEATURES = "features.";

    /** Which part of the model the file holds. */
    public enum Part {
        /** {@code model.features} only. */
        FEATURES,
        /** The whole model (its classifier is left out). */
        FULL
    }

    /**
     * The backbone weights of a file.
     *
     * @param architecture Baton base model name, {@code vgg16} or {@code mobilenet_v2}
     * @param widthMultiplier the width multiplier
     * @param part what the file holds
     * @param mapping the {@code features.} tensors (torchvision names and layouts) and the names left out
     */
    public record Mapped(String architecture, double widthMultiplier, Part part, MappingResult mapping) {
        /**
         * Creates the mapped weights, validating their parts.
         *
         * @param architecture see the record component
         * @param widthMultiplier see the record component
         * @param part see the record component
         * @param mapping see the record component
         */
        public Mapped {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(mapping, "mapping");
        }
    }

    private TorchvisionMapping() {
    }

    /**
     * Maps a file's tensors.
     *
     * @param file the loaded file
     * @param fileName the file's name, for messages
     * @param architecture the architecture, or empty to recognise it
     * @param widthMultiplier the width multiplier, or empty to estimate it
     * @return the backbone weights
     * @throws UnrecognisedArchitectureException when no architecture was given and none is recognised
     * @throws dev.baton.transfer.model.UnknownBaseModelException when the given architecture is not a Baton backbone
     */
    public static Mapped map(TorchScriptFile file, String fileName, Optional<String> architecture,
            Optional<Double> widthMultiplier) throws UnrecognisedArchitectureException {
        WeightSet all = file.tensors();
        Part part = all.names().stream().anyMatch(n -> n.startsWith(FEATURES)) ? Part.FULL : Part.FEATURES;
        List<NamedTensor> kept = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (NamedTensor t : all.tensors()) {
            if (part == Part.FEATURES) {
                kept.add(t.renamed(FEATURES + t.name()));
            } else if (t.name().startsWith(FEATURES)) {
                kept.add(t);
            } else {
                left.add(t.name());
            }
        }
        left.addAll(file.integerTensors());
        WeightSet features = WeightSet.of(kept);
        String arch;
        if (architecture.isPresent()) {
            arch = architecture.get().toLowerCase(Locale.ROOT);
            BackboneFactory.requireKnown(arch);
        } else {
            arch = recognise(features).orElseThrow(() -> new UnrecognisedArchitectureException(fileName,
                    all.names().stream().limit(6).toList()));
        }
        double width = widthMultiplier.orElseGet(() -> estimateWidth(arch, features));
        return new Mapped(arch, width, part, new MappingResult(features, left));
    }

    /**
     * Recognises the architecture from tensor names.
     *
     * @param features tensors under {@code features.} names
     * @return {@code vgg16}, {@code mobilenet_v2}, or empty
     */
    public static Optional<String> recognise(WeightSet features) {
        if (features.find("features.0.0.weight").isPresent() && features.find("features.1.conv.0.0.weight").isPresent()) {
            return Optional.of(MobileNetV2.NAME);
        }
        if (features.find("features.0.weight").isPresent() && features.find("features.28.weight").isPresent()
                && features.find("features.1.weight").isEmpty()) {
            return Optional.of(Vgg16.NAME);
        }
        return Optional.empty();
    }

    private static double estimateWidth(String arch, WeightSet features) {
        Optional<NamedTensor> probe = arch.equals(Vgg16.NAME)
                ? features.find("features.0.weight")
                : features.find("features.17.conv.2.weight");
        double base = arch.equals(Vgg16.NAME) ? 64 : 320;
        double width = probe.filter(t -> t.rank() == 4).map(t -> t.shape()[0] / base).orElse(1.0);
        return width > 0 && width <= 4 ? width : 1.0;
    }
}
