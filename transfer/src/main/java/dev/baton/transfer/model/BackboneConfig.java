package dev.baton.transfer.model;

/**
 * Shape options of a backbone.
 *
 * @param widthMultiplier channel multiplier (1.0 = the published network; e.g. 0.25 for tiny test
 *     models), in (0, 4]
 * @param inputSize square input size in pixels, 32..224
 * @param batchNormEpsilon BatchNorm epsilon: 1e-5 for torchvision weights, 1e-3 for Keras weights
 * @param paddingMode symmetric (torchvision) or TF "same" (Keras) padding of strided convolutions
 */
public record BackboneConfig(
        double widthMultiplier, int inputSize, float batchNormEpsilon, PaddingMode paddingMode) {

    /** Smallest supported input size. */
    public static final int MIN_INPUT_SIZE = 32;
    /** Largest supported input size. */
    public static final int MAX_INPUT_SIZE = 224;
    /** torchvision's BatchNorm epsilon. */
    public static final float TORCH_BN_EPSILON = 1e-5f;
    /** Keras applications' BatchNorm epsilon. */
    public static final float KERAS_BN_EPSILON = 1e-3f;

    /** Validates the ranges. */
    public BackboneConfig {
        if (!(widthMultiplier > 0 && widthMultiplier <= 4)) {
            throw new InvalidBackboneConfigException(
                    "widthMultiplier must be in (0, 4], was " + widthMultiplier);
        }
        if (inputSize < MIN_INPUT_SIZE || inputSize > MAX_INPUT_SIZE) {
            throw new InvalidBackboneConfigException(
                    "inputSize must be in " + MIN_INPUT_SIZE + ".." + MAX_INPUT_SIZE + ", was " + inputSize);
        }
        if (!(batchNormEpsilon > 0)) {
            throw new InvalidBackboneConfigException(
                    "batchNormEpsilon must be > 0, was " + batchNormEpsilon);
        }
        if (paddingMode == null) {
            throw new InvalidBackboneConfigException("paddingMode must be set");
        }
    }

    /**
     * torchvision defaults (eps 1e-5, symmetric padding).
     *
     * @param widthMultiplier channel multiplier
     * @param inputSize input size in pixels
     * @return the config
     */
    public static BackboneConfig torch(double widthMultiplier, int inputSize) {
        return new BackboneConfig(widthMultiplier, inputSize, TORCH_BN_EPSILON, PaddingMode.TORCH);
    }

    /**
     * Keras defaults (eps 1e-3, TF "same" padding).
     *
     * @param widthMultiplier channel multiplier
     * @param inputSize input size in pixels
     * @return the config
     */
    public static BackboneConfig keras(double widthMultiplier, int inputSize) {
        return new BackboneConfig(widthMultiplier, inputSize, KERAS_BN_EPSILON, PaddingMode.TF_SAME);
    }
}
