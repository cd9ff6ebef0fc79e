package dev.baton.transfer.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How a pretrained backbone expects its input pixels: each 8-bit RGB pixel is scaled by
 * {@link #scale()}, its channels are put in {@link #channelOrder()}, then channel {@code c} (in
 * that output order) becomes {@code (value - mean[c]) / std[c]}.
 *
 * <p>Presets: {@link #IMAGENET} (torchvision), {@link #CAFFE} (BGR, 0..255 minus mean),
 * {@link #SYMMETRIC} ([-1, 1], Keras MobileNet). {@link #preset(String)} resolves them by name
 * for manifests. Serialises with Jackson as a plain record.
 *
 * @param scale the pixel scale
 * @param channelOrder the channel order of the output tensor
 * @param mean per-channel mean, in output channel order, in the scaled unit
 * @param std per-channel standard deviation, in output channel order, in the scaled unit; all &gt; 0
 */
public record Normalization(InputScale scale, ChannelOrder channelOrder, float[] mean, float[] std) {

    /** torchvision ImageNet weights: [0, 1], RGB, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). */
    public static final Normalization IMAGENET = new Normalization(InputScale.UNIT, ChannelOrder.RGB,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    /** Caffe-style weights (e.g. Keras VGG16): BGR, 0..255 minus the BGR ImageNet mean, std 1. */
    public static final Normalization CAFFE = new Normalization(InputScale.RAW_255, ChannelOrder.BGR,
            new float[] {103.939f, 116.779f, 123.68f}, new float[] {1f, 1f, 1f});
    /** TensorFlow-style weights (e.g. Keras MobileNetV2): RGB in [-1, 1], no mean/std. */
    public static final Normalization SYMMETRIC = new Normalization(InputScale.SYMMETRIC, ChannelOrder.RGB,
            new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    public Normalization {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(channelOrder, "channelOrder");
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each");
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("std values must be finite and > 0: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * A preset by name (case-insensitive): {@code imagenet} / {@code torch}, {@code caffe},
     * {@code symmetric} / {@code tf}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Normalization preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "imagenet", "torch" -> IMAGENET;
            case "caffe" -> CAFFE;
            case "symmetric", "tf" -> SYMMETRIC;
            default -> throw new IllegalArgumentException("Unknown normalization preset: " + name
                    + " (known: imagenet, torch, caffe, symmetric, tf)");
        };
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * Normalises one 0xRRGGBB pixel into {@code out[0..2]} in output channel order.
     */
    public void apply(int rgb, float[] out) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        int c0 = channelOrder == ChannelOrder.RGB ? r : b;
        int c2 = channelOrder == ChannelOrder.RGB ? b : r;
        out[0] = (scale.apply(c0) - mean[0]) / std[0];
        out[1] = (scale.apply(g) - mean[1]) / std[1];
        out[2] = (scale.apply(c2) - mean[2]) / std[2];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && scale == n.scale && channelOrder == n.channelOrder
                && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scale, channelOrder, Arrays.hashCode(mean), Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "Normalization[scale=" + scale + ", channelOrder=" + channelOrder + ", mean="
                + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
