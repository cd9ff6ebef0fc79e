package dev.baton.transfer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Convolution (no bias) → BatchNorm → optional ReLU6 as one block, with the parameters of a
 * separate torchvision {@code Conv2d} and {@code BatchNorm2d} (they are registered under their
 * torchvision names by {@link ConvLayers}, and are stored and loaded unchanged).
 *
 * <p>In training mode ({@code training=true}: BatchNorm uses and updates batch statistics) it runs
 * conv, BatchNorm and the activation as separate ops. In inference mode, which is also how a
 * frozen {@link FreezableBlock} runs while training, BatchNorm is an affine map per channel with
 * its running statistics, so it is folded into the convolution:
 * {@code w' = w·γ/√(var+ε)}, {@code b' = β − mean·γ/√(var+ε)}, and the block runs one convolution
 * with bias instead of a convolution plus a BatchNorm pass over the whole activation. ReLU6 is
 * {@link TrainingRelu6} in training mode and relu + minimum in inference mode.
 *
 * <p>While the block is frozen ({@link #setFoldCaching}, set by {@link FreezableBlock#setFrozen})
 * the folded weights are computed once and cached: a frozen block's parameters do not change, and
 * the cache is dropped when the block is frozen or unfrozen again, or when a parameter's array is
 * replaced. A frozen block whose parameter values are overwritten in place must be frozen again
 * ({@link Backbone#freezeFirst}) before its next forward. Unfrozen blocks fold on every inference
 * forward (a few ops on per-channel vectors and the kernel), so e.g. validation after a training
 * step always sees the current weights. The stored parameters are never modified: checkpoints and
 * bundles keep the torchvision conv and BatchNorm tensors. Intermediates are closed as soon as
 * they are consumed (see {@link ReleasingSequentialBlock}).
 */
final class ConvBatchNorm extends AbstractBlock {

    private final Block padding;
    private final Conv2d conv;
    private final BatchNorm batchNorm;
    private final float epsilon;
    private final boolean relu6;
    /** 0-dim constants on the parameters' device: ReLU6's upper bound and BatchNorm's epsilon. */
    private NDArray six;
    private NDArray eps;
    /** Folded weights of a frozen block (null when not frozen or not yet computed). */
    private Folded cache;
    private boolean cacheFolded;

    /**
     * A folded convolution weight and bias, computed from the given parameter arrays; {@code cached}
     * when the block owns it (the caller of a forward must not close it).
     */
    private record Folded(NDArray weight, NDArray bias, List<NDArray> sources, boolean cached) {
        boolean isFor(List<NDArray> arrays) {
            for (int i = 0; i < arrays.size(); i++) {
                if (arrays.get(i) != sources.get(i)) {
                    return false;
                }
            }
            return true;
        }

        void close() {
            weight.close();
            bias.close();
        }
    }

    /**
     * @param padding explicit padding block before the convolution, or null
     * @param conv the convolution (without bias)
     * @param batchNorm the BatchNorm over its output channels
     * @param epsilon the BatchNorm's epsilon
     * @param relu6 whether ReLU6 follows
     */
    ConvBatchNorm(Block padding, Conv2d conv, BatchNorm batchNorm, float epsilon, boolean relu6) {
        if (conv.isIncludeBias()) {
            throw new IllegalArgumentException("a convolution followed by BatchNorm has no bias");
        }
        this.padding = padding == null ? null : addChildBlock("pad", padding);
        this.conv = addChildBlock("conv", conv);
        this.batchNorm = addChildBlock("bn", batchNorm);
        this.epsilon = epsilon;
        this.relu6 = relu6;
    }

    /** @return the convolution */
    Conv2d conv() {
        return conv;
    }

    /** @return the BatchNorm */
    BatchNorm batchNorm() {
        return batchNorm;
    }

    /**
     * Turns caching of the folded weights on (the block is frozen: its parameters do not change
     * while it stays frozen) or off (and drops what was cached). Called by {@link FreezableBlock}.
     *
     * @param on whether to cache
     */
    synchronized void setFoldCaching(boolean on) {
        cacheFolded = on;
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        if (padding != null) {
            current = padding.forward(parameterStore, inputs, training, params);
        }
        NDArray y;
        if (training) {
            NDList c = conv.forward(parameterStore, current, true, params);
            release(current, inputs);
            NDList b = batchNorm.forward(parameterStore, c, true, params);
            c.singletonOrThrow().close();
            y = b.singletonOrThrow();
        } else {
            y = folded(parameterStore, current.singletonOrThrow());
            release(current, inputs);
        }
        if (relu6) {
            NDArray r;
            if (training) {
                // one op with a one-pass backward (TrainingRelu6 says why DJL's ops cost five passes)
                r = TrainingRelu6.apply(parameterStore, y);
            } else {
                // ReLU6 = min(relu(y), 6) with a cached 0-dim 6: two cheap ops, no backward to pay for.
                // DJL's clip(0, 6) is one op, but it creates two scalar tensors per call and runs
                // libtorch's tensor-bound clamp kernel, which measured slower than relu + minimum here.
                NDArray relu = y.getNDArrayInternal().relu();
                r = relu.minimum(six);
                relu.close();
            }
            y.close();
            y = r;
        }
        return new NDList(y);
    }

    /** Convolution with BatchNorm (running statistics) folded into its weights and a bias. */
    private NDArray folded(ParameterStore parameterStore, NDArray x) {
        Device device = x.getDevice();
        List<NDArray> sources = List.of(
                value(parameterStore, conv, "weight", device),
                value(parameterStore, batchNorm, "gamma", device),
                value(parameterStore, batchNorm, "beta", device),
                value(parameterStore, batchNorm, "runningMean", device),
                value(parameterStore, batchNorm, "runningVar", device));
        Folded f = foldedWeights(sources);
        try {
            NDArray out = Conv2d.conv2d(x, f.weight(), f.bias(), conv.getStride(), conv.getPadding(),
                    conv.getDilation(), conv.getGroups()).singletonOrThrow();
            out.attach(x.getManager());
            return out;
        } finally {
            if (!f.cached()) {
                f.close();
            }
        }
    }

    /** The folded weights for these parameter arrays: the cached ones while frozen, else fresh. */
    private synchronized Folded foldedWeights(List<NDArray> sources) {
        if (cache != null && cache.isFor(sources)) {
            return cache;
        }
        Folded f = fold(sources, cacheFolded);
        if (cacheFolded) {
            if (cache != null) {
                cache.close();
            }
            cache = f;
        }
        return f;
    }

    private Folded fold(List<NDArray> p, boolean cached) {
        // temporaries are created on the parameters' manager: the scope closes them
        try (NDScope scope = new NDScope()) {
            NDArray w = p.get(0);
            NDArray scale = p.get(1).div(p.get(4).add(eps).sqrt());
            NDArray weight = w.mul(scale.reshape(new Shape(-1, 1, 1, 1)));
            NDArray bias = p.get(2).sub(p.get(3).mul(scale));
            if (cached) {
                // a cached fold must not hold an autograd graph that outlives one backward pass
                weight = weight.stopGradient();
                bias = bias.stopGradient();
            }
            NDScope.unregister(weight, bias);
            return new Folded(weight, bias, p, cached);
        }
    }

    private static NDArray value(ParameterStore store, Block block, String name, Device device) {
        Parameter p = block.getDirectParameters().get(name);
        return store.getValue(p, device, false);
    }

    private static void release(NDList done, NDList inputs) {
        if (done != inputs) {
            ReleasingSequentialBlock.release(done, inputs, new NDList());
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = padding == null ? inputShapes : padding.getOutputShapes(inputShapes);
        return conv.getOutputShapes(s);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        if (padding != null) {
            padding.initialize(manager, dataType, s);
            s = padding.getOutputShapes(s);
        }
        conv.initialize(manager, dataType, s);
        batchNorm.initialize(manager, dataType, conv.getOutputShapes(s));
        six = manager.create(6f).toType(dataType, false);
        eps = manager.create(epsilon).toType(dataType, false);
    }
}
