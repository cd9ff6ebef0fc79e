package dev.baton.transfer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Puts an NCHW activation into libtorch's channels-last memory format: the same NCHW shape and
 * values, with the channels innermost in memory (strides of an NHWC array).
 *
 * <p>Why: on CPU libtorch runs convolutions through oneDNN, whose kernels work on a blocked or
 * NHWC layout. An NCHW-contiguous activation is therefore reordered into oneDNN's layout before
 * every convolution and its output reordered back; on MobileNetV2 those reorders cost as much as
 * the convolutions themselves (oneDNN verbose, 96 px, batch 8: 19.8 ms of reorders against 18.4 ms
 * of convolution per forward). A channels-last input goes through as it is, and every op after
 * it (convolutions, BatchNorm, element-wise ops, pooling) keeps the format, so the backbone
 * converts once at its entry. Gradients, parameters and results are unchanged: only strides differ,
 * which {@code toFloatArray}, {@code flatten} and indexing handle. Each backbone says when it
 * converts ({@link Policy}). {@code -Dbaton.transfer.channels-last=false} keeps NCHW everywhere
 * (the benchmark's side-by-side switch).
 */
final class ChannelsLast {

    /** When a backbone's forward pass converts its input (bench/RESULTS.md has the measurements). */
    enum Policy {
        /** Always (MobileNetV2: reorders around its many small convolutions dominate otherwise). */
        ALWAYS,
        /**
         * In inference and when every block is frozen, not while a block trains (VGG16: its large
         * 3x3 convolutions ran FULL training 15-20 % slower channels-last, inference faster).
         */
        WHEN_NOTHING_TRAINS,
        /** Never. */
        NEVER
    }

    /** The system property that turns the conversion off ({@code false}). */
    static final String PROPERTY = "baton.transfer.channels-last";

    private ChannelsLast() {
    }

    /** @return whether backbones convert their input (read on every call, so tests can switch it) */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /**
     * @param x an NCHW array on any device
     * @return {@code x} itself unless the conversion applies (enabled, CPU, 4-D); else a
     *     channels-last copy with the same shape and values, attached to {@code x}'s manager
     */
    static NDArray convert(NDArray x) {
        Shape s = x.getShape();
        if (!enabled() || s.dimension() != 4 || !Device.Type.CPU.equals(x.getDevice().getDeviceType())) {
            return x;
        }
        // NHWC view -> contiguous NHWC copy (flatten copies a non-contiguous view) -> NCHW view of it
        NDArray nhwcView = x.transpose(0, 2, 3, 1);
        NDArray flat = nhwcView.flatten();
        nhwcView.close();
        NDArray nhwc = flat.reshape(s.get(0), s.get(2), s.get(3), s.get(1));
        flat.close();
        NDArray out = nhwc.transpose(0, 3, 1, 2);
        nhwc.close();
        return out;
    }
}
