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
 * Maps Keras {@code keras.applications.MobileNetV2} weight names and layouts onto the torchvision
 * MobileNetV2 {@code features} layout used by Baton's backbone.
 *
 * <table>
 *   <caption>Layer mapping</caption>
 *   <tr><th>Keras layer</th><th>torchvision module</th></tr>
 *   <tr><td>{@code Conv1} / {@code bn_Conv1}</td><td>{@code features.0.0} / {@code features.0.1}</td></tr>
 *   <tr><td>{@code expanded_conv_depthwise} / {@code _BN}</td><td>{@code features.1.conv.0.0} / {@code .0.1}</td></tr>
 *   <tr><td>{@code expanded_conv_project} / {@code _BN}</td><td>{@code features.1.conv.1} / {@code .2}</td></tr>
 *   <tr><td>{@code block_N_expand} / {@code _BN}</td><td>{@code features.(N+1).conv.0.0} / {@code .0.1}</td></tr>
 *   <tr><td>{@code block_N_depthwise} / {@code _BN}</td><td>{@code features.(N+1).conv.1.0} / {@code .1.1}</td></tr>
 *   <tr><td>{@code block_N_project} / {@code _BN}</td><td>{@code features.(N+1).conv.2} / {@code .3}</td></tr>
 *   <tr><td>{@code Conv_1} / {@code Conv_1_bn}</td><td>{@code features.18.0} / {@code features.18.1}</td></tr>
 * </table>
 *
 * <p>Variables: {@code kernel} &rarr; {@code weight} converted HWIO &rarr; OIHW;
 * {@code depthwise_kernel} &rarr; {@code weight} converted (H,W,C,1) &rarr; (C,1,H,W);
 * {@code gamma/beta/moving_mean/moving_variance} &rarr; {@code weight/bias/running_mean/running_var}.
 * Names may carry the TF suffix {@code :0} and an h5 group prefix ({@code Conv1/Conv1/kernel:0});
 * only the last two path components count. The mapping does not depend on the width multiplier.
 *
 * <p>Keras MobileNetV2 differs from torchvision's in ways the backbone must reproduce to give the
 * same outputs: BatchNorm epsilon {@value #BATCH_NORM_EPS} (torchvision: 1e-5); TensorFlow
 * {@code SAME} padding, i.e. asymmetric (0 before, 1 after) zero padding on stride-2 3x3
 * convolutions of even-sized inputs ({@value #PADDING_MODE}); inputs scaled to [-1, 1] as
 * {@code x / 127.5 - 1} on RGB bytes instead of ImageNet mean/std.
 */
public final class KerasMobileNetV2Mapping {
    /** BatchNorm epsilon of Keras MobileNetV2. */
    public static final double BATCH_NORM_EPS = 1e-3;
    /** Padding mode name the backbone must use (TensorFlow SAME, asymmetric for stride 2). */
    public static final String PADDING_MODE = "TF_SAME";
    /** Input scaling: {@code x / INPUT_SCALE_DIVISOR + INPUT_SCALE_OFFSET} on 0..255 RGB. */
    public static final double INPUT_SCALE_DIVISOR = 127.5;
    /** Input offset, see {@link #INPUT_SCALE_DIVISOR}. */
    public static final double INPUT_SCALE_OFFSET = -1.0;
    /** Index of the last {@code features} module (the 1x1 conv to 1280 channels at width 1.0). */
    public static final int LAST_FEATURE_INDEX = 18;

    private static final Pattern BLOCK = Pattern.compile(
            "block_(\\d+)_(expand|expand_BN|depthwise|depthwise_BN|project|project_BN)");

    private KerasMobileNetV2Mapping() {
    }

    /**
     * Maps a Keras layer name to the torchvision module prefix.
     *
     * @param kerasLayer e.g. {@code block_3_depthwise_BN}
     * @return e.g. {@code features.4.conv.1.1}, or empty for layers outside the backbone
     */
    public static Optional<String> modulePrefix(String kerasLayer) {
        switch (kerasLayer) {
            case "Conv1":
                return Optional.of("features.0.0");
            case "bn_Conv1":
                return Optional.of("features.0.1");
            case "expanded_conv_depthwise":
                return Optional.of("features.1.conv.0.0");
            case "expanded_conv_depthwise_BN":
                return Optional.of("features.1.conv.0.1");
            case "expanded_conv_project":
                return Optional.of("features.1.conv.1");
            case "expanded_conv_project_BN":
                return Optional.of("features.1.conv.2");
            case "Conv_1":
                return Optional.of("features." + LAST_FEATURE_INDEX + ".0");
            case "Conv_1_bn":
                return Optional.of("features." + LAST_FEATURE_INDEX + ".1");
            default:
                break;
        }
        Matcher m = BLOCK.matcher(kerasLayer);
        if (!m.matches()) {
            return Optional.empty();
        }
        int block = Integer.parseInt(m.group(1));
        if (block < 1 || block >= LAST_FEATURE_INDEX - 1) {
            return Optional.empty();
        }
        String part = switch (m.group(2)) {
            case "expand" -> "conv.0.0";
            case "expand_BN" -> "conv.0.1";
            case "depthwise" -> "conv.1.0";
            case "depthwise_BN" -> "conv.1.1";
            case "project" -> "conv.2";
            default -> "conv.3"; // project_BN
        };
        return Optional.of("features." + (block + 1) + "." + part);
    }

    /**
     * Maps a Keras weight name to its torchvision parameter name.
     *
     * @param kerasWeight e.g. {@code block_3_depthwise/depthwise_kernel} or {@code bn_Conv1/moving_mean:0}
     * @return e.g. {@code features.4.conv.1.0.weight}, or empty for weights outside the backbone
     */
    public static Optional<String> torchvisionName(String kerasWeight) {
        String[] lv = layerAndVariable(kerasWeight);
        if (lv == null) {
            return Optional.empty();
        }
        Optional<String> suffix = switch (lv[1]) {
            case "kernel", "depthwise_kernel", "gamma" -> Optional.of("weight");
            case "beta", "bias" -> Optional.of("bias");
            case "moving_mean" -> Optional.of("running_mean");
            case "moving_variance" -> Optional.of("running_var");
            default -> Optional.empty();
        };
        return suffix.flatMap(s -> modulePrefix(lv[0]).map(p -> p + "." + s));
    }

    /**
     * Maps and converts all backbone weights of a Keras MobileNetV2.
     *
     * @param keras weights under Keras names (TF.js manifest names or h5 dataset paths)
     * @return the torchvision-layout weights (in source order) and the names left out
     * @throws WeightFormatException when a backbone weight has an unexpected rank or two weights map
     *     to the same parameter
     */
    public static MappingResult map(WeightSet keras) throws WeightFormatException {
        List<NamedTensor> mapped = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (NamedTensor t : keras.tensors()) {
            Optional<String> target = torchvisionName(t.name());
            if (target.isEmpty()) {
                unmapped.add(t.name());
                continue;
            }
            String variable = layerAndVariable(t.name())[1];
            mapped.add(switch (variable) {
                case "kernel" -> KerasLayouts.hwioToOihw(t, target.get());
                case "depthwise_kernel" -> KerasLayouts.depthwiseHwcmToOihw(t, target.get());
                default -> {
                    if (t.rank() != 1) {
                        throw new WeightFormatException("weight '" + t.name() + "' should be a vector, has rank " + t.rank());
                    }
                    yield t.renamed(target.get());
                }
            });
        }
        try {
            return new MappingResult(WeightSet.of(mapped), unmapped);
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException("ambiguous Keras weights: " + e.getMessage(), e);
        }
    }

    /** Splits "[group/]layer/variable[:0]" into {layer, variable}; null when not of that form. */
    static String[] layerAndVariable(String name) {
        String n = name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
        int slash = n.lastIndexOf('/');
        if (slash <= 0) {
            return null;
        }
        String variable = n.substring(slash + 1);
        String rest = n.substring(0, slash);
        String layer = rest.substring(rest.lastIndexOf('/') + 1);
        return new String[] {layer, variable};
    }
}
