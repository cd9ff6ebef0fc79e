package dev.baton.transfer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Zero padding that reproduces TensorFlow "same" padding ahead of a valid (unpadded)
 * convolution: total padding {@code max((ceil(in/s)-1)*s + k - in, 0)} per spatial axis, the
 * smaller half before (top/left) and the larger half after (bottom/right). For a 3x3 stride-2
 * convolution on an even input this is 0 top/left and 1 bottom/right, as Keras'
 * {@code ZeroPadding2D(correct_pad(...))}.
 */
public final class TfSamePadding extends AbstractBlock {

    private final int kernel;
    private final int stride;

    /**
     * @param kernel square kernel size of the following convolution
     * @param stride its stride
     */
    public TfSamePadding(int kernel, int stride) {
        this.kernel = kernel;
        this.stride = stride;
    }

    /**
     * @param size input extent along one axis
     * @param kernel kernel size
     * @param stride stride
     * @return {before, after} padding along that axis
     */
    static int[] padding(long size, int kernel, int stride) {
        long out = (size + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + kernel - size, 0);
        int before = (int) (total / 2);
        return new int[] {before, (int) total - before};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        int[] h = padding(s.get(2), kernel, stride);
        int[] w = padding(s.get(3), kernel, stride);
        // torch order: last axis first (left, right, top, bottom)
        return new NDList(x.pad(new Shape(w[0], w[1], h[0], h[1]), 0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        int[] h = padding(s.get(2), kernel, stride);
        int[] w = padding(s.get(3), kernel, stride);
        return new Shape[] {
            new Shape(s.get(0), s.get(1), s.get(2) + h[0] + h[1], s.get(3) + w[0] + w[1])
        };
    }
}
