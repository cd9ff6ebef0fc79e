package dev.baton.transfer.weights.tfjs;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a TF.js {@code weightsManifest[].weights[]} array.
 *
 * @param name the weight name, e.g. {@code block_3_expand/kernel}
 * @param shape the shape in the source layout (Keras: HWIO kernels, depthwise HWC1)
 * @param dtype the logical dtype ({@code float32} or {@code int32})
 * @param quantization the storage quantisation, if any
 */
public record TfjsWeightSpec(String name, long[] shape, String dtype, Optional<Quantization> quantization) {

    /**
     * Creates the tfjs weight spec, validating and copying its parts.
     *
     * @param name see the record component
     * @param shape see the record component
     * @param dtype see the record component
     * @param quantization see the record component
     */
    public TfjsWeightSpec {
        Objects.requireNonNull(name, "name");
        shape = Objects.requireNonNull(shape, "shape").clone();
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(quantization, "quantization");
    }

    /** @return a copy of the shape */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TfjsWeightSpec t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && dtype.equals(t.dtype) && quantization.equals(t.quantization);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), dtype, quantization);
    }

    @Override
    public String toString() {
        return "TfjsWeightSpec[" + name + " " + Arrays.toString(shape) + " " + dtype
                + quantization.map(q -> " q=" + q.dtype()).orElse("") + "]";
    }

    /**
     * The {@code quantization} field: values are stored as {@code dtype} and decoded as
     * {@code q * scale + min} ({@code uint8}/{@code uint16}), or as IEEE half floats ({@code float16}).
     *
     * @param dtype the storage dtype: {@code uint8}, {@code uint16} or {@code float16}
     * @param scale the step (affine quantisation only, NaN otherwise)
     * @param min the offset (affine quantisation only, NaN otherwise)
     */
    public record Quantization(String dtype, double scale, double min) {
        /**
         * Creates the quantization, validating and copying its parts.
         *
         * @param dtype see the record component
         * @param scale see the record component
         * @param min see the record component
         */
        public Quantization {
            Objects.requireNonNull(dtype, "dtype");
        }
    }
}
