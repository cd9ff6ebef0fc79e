package dev.baton.transfer.weights;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named dense float32 tensor in row-major (C) order, the unit exchanged by the weight readers,
 * the name mappings and the importer.
 *
 * <p>The arrays are owned by the tensor: callers must not mutate them after construction, and
 * {@link #values()} returns the internal array without copying (weights are large).
 *
 * @param name the weight name (source or torchvision layout, depending on the stage)
 * @param shape the dimensions, outermost first
 * @param values {@code product(shape)} values, row-major
 */
public record NamedTensor(String name, long[] shape, float[] values) {

    /**
     * Creates the named tensor, validating and copying its parts.
     *
     * @param name see the record component
     * @param shape see the record component
     * @param values see the record component
     * @throws IllegalArgumentException when the value count does not match the shape
     */
    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        shape = shape.clone();
        long size = elementCount(shape);
        if (size != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + " (" + size + " elements) but " + values.length + " values");
        }
    }

    /**
     * Number of elements of a shape.
     *
     * @param shape the dimensions
     * @return their product (1 for a scalar)
     * @throws IllegalArgumentException on a negative dimension
     */
    public static long elementCount(long[] shape) {
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, d);
        }
        return size;
    }

    /** @return a copy of the shape */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements */
    public int size() {
        return values.length;
    }

    /**
     * Returns the same data under another name.
     *
     * @param newName the new name
     * @return a tensor sharing this tensor's values
     */
    public NamedTensor renamed(String newName) {
        return new NamedTensor(newName, shape, values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
