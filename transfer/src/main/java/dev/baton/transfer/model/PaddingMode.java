package dev.baton.transfer.model;

/**
 * How a backbone pads its convolutions.
 *
 * <ul>
 *   <li>{@link #TORCH}: symmetric padding of {@code k/2} on every side, as torchvision does.
 *   <li>{@link #TF_SAME}: TensorFlow "same" padding for stride-2 convolutions: zero padding is
 *       added asymmetrically (the extra row/column goes bottom/right) followed by a valid
 *       convolution, exactly as Keras applications do with {@code ZeroPadding2D(correct_pad)}.
 *       Stride-1 convolutions are identical in both modes.
 * </ul>
 *
 * Weights imported from Keras / TF.js need {@link #TF_SAME}; torchvision weights need {@link
 * #TORCH}.
 */
public enum PaddingMode {
    /** Symmetric padding (torchvision). */
    TORCH,
    /** Asymmetric TensorFlow "same" padding for strided convolutions (Keras). */
    TF_SAME
}
