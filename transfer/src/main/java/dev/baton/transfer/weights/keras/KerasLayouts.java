package dev.baton.transfer.weights.keras;

import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightFormatException;
import java.util.Arrays;

/**
 * Layout conversions from Keras/TensorFlow (channels-last) kernels to PyTorch/torchvision layouts.
 */
public final class KerasLayouts {
    private KerasLayouts() {
    }

    /**
     * Converts a convolution kernel from Keras {@code (H, W, I, O)} to PyTorch {@code (O, I, H, W)}.
     *
     * @param kernel the Keras kernel
     * @param name the name of the result
     * @return the converted kernel
     * @throws WeightFormatException when the kernel is not rank 4
     */
    public static NamedTensor hwioToOihw(NamedTensor kernel, String name) throws WeightFormatException {
        long[] s = requireRank(kernel, 4);
        int h = (int) s[0], w = (int) s[1], in = (int) s[2], out = (int) s[3];
        float[] src = kernel.values();
        float[] dst = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < in; i++) {
                    int base = ((y * w + x) * in + i) * out;
                    for (int o = 0; o < out; o++) {
                        dst[((o * in + i) * h + y) * w + x] = src[base + o];
                    }
                }
            }
        }
        return new NamedTensor(name, new long[] {out, in, h, w}, dst);
    }

    /**
     * Converts a depthwise kernel from Keras {@code (H, W, C, M)} (M = depth multiplier) to PyTorch
     * grouped-convolution layout {@code (C*M, 1, H, W)}, output channel {@code c*M + m}.
     *
     * @param kernel the Keras depthwise kernel
     * @param name the name of the result
     * @return the converted kernel
     * @throws WeightFormatException when the kernel is not rank 4
     */
    public static NamedTensor depthwiseHwcmToOihw(NamedTensor kernel, String name) throws WeightFormatException {
        long[] s = requireRank(kernel, 4);
        int h = (int) s[0], w = (int) s[1], c = (int) s[2], m = (int) s[3];
        float[] src = kernel.values();
        float[] dst = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < m; k++) {
                        dst[((ch * m + k) * h + y) * w + x] = src[((y * w + x) * c + ch) * m + k];
                    }
                }
            }
        }
        return new NamedTensor(name, new long[] {(long) c * m, 1, h, w}, dst);
    }

    /**
     * Converts a dense kernel from Keras {@code (in, out)} to PyTorch linear {@code (out, in)}.
     *
     * @param kernel the Keras kernel
     * @param name the name of the result
     * @return the transposed kernel
     * @throws WeightFormatException when the kernel is not rank 2
     */
    public static NamedTensor denseToOutIn(NamedTensor kernel, String name) throws WeightFormatException {
        long[] s = requireRank(kernel, 2);
        int in = (int) s[0], out = (int) s[1];
        float[] src = kernel.values();
        float[] dst = new float[src.length];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                dst[o * in + i] = src[i * out + o];
            }
        }
        return new NamedTensor(name, new long[] {out, in}, dst);
    }

    private static long[] requireRank(NamedTensor t, int rank) throws WeightFormatException {
        long[] s = t.shape();
        if (s.length != rank) {
            throw new WeightFormatException("weight '" + t.name() + "' has shape " + Arrays.toString(s)
                    + ", expected rank " + rank);
        }
        return s;
    }
}
