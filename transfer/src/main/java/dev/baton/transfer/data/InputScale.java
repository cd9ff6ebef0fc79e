package dev.baton.transfer.data;

/**
 * How 8-bit pixel values (0..255) are scaled before the per-channel mean/std of a
 * {@link Normalization} is applied. Pretrained weights from different sources expect different
 * scales; the base model's manifest records which.
 */
public enum InputScale {
    /** {@code p / 255}: [0, 1] (torchvision, most PyTorch weights). */
    UNIT,
    /** {@code p / 127.5 - 1}: [-1, 1] (TensorFlow/Keras MobileNet, Inception). */
    SYMMETRIC,
    /** {@code p}: 0..255 unchanged (Caffe-style weights, Keras VGG). */
    RAW_255;

    /** Scales one 0..255 value. */
    public float apply(int pixel) {
        return switch (this) {
            case UNIT -> pixel / 255f;
            case SYMMETRIC -> pixel / 127.5f - 1f;
            case RAW_255 -> pixel;
        };
    }
}
