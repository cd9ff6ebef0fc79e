package dev.baton.transfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvBatchNorm} folds BatchNorm into the convolution in inference mode and matches the
 * unfolded conv → BatchNorm → ReLU6 ops; releasing intermediates while training leaves gradients
 * bit-for-bit unchanged.
 */
class ConvBatchNormTest {

    /** Sets BatchNorm statistics and affine parameters far from their identity initial values. */
    private static void randomiseBatchNorm(ConvBatchNorm block, NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        BatchNorm bn = block.batchNorm();
        long c = bn.getDirectParameters().get("gamma").getShape().get(0);
        set(bn, "gamma", manager.randomUniform(0.5f, 2f, new Shape(c)));
        set(bn, "beta", manager.randomUniform(-1f, 1f, new Shape(c)));
        set(bn, "runningMean", manager.randomUniform(-2f, 2f, new Shape(c)));
        set(bn, "runningVar", manager.randomUniform(0.05f, 4f, new Shape(c)));
    }

    private static void set(BatchNorm bn, String name, NDArray value) {
        bn.getDirectParameters().get(name).getArray().set(value.toFloatArray());
    }

    private static NDArray param(ai.djl.nn.Block block, String name) {
        return block.getDirectParameters().get(name).getArray();
    }

    /** conv → BatchNorm → (ReLU6) with DJL's own ops, nothing folded and nothing closed. */
    private static NDArray reference(ConvBatchNorm block, NDArray x, boolean training, boolean relu6,
            BackboneConfig config, int kernel, int stride) {
        Conv2d conv = block.conv();
        NDArray in = x;
        if (config.paddingMode() == PaddingMode.TF_SAME && stride > 1) {
            in = new TfSamePadding(kernel, stride)
                    .forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
        }
        NDArray y = Conv2d.conv2d(in, param(conv, "weight"), null, conv.getStride(), conv.getPadding(),
                conv.getDilation(), conv.getGroups()).singletonOrThrow();
        BatchNorm bn = block.batchNorm();
        NDArray z = BatchNorm.batchNorm(y, param(bn, "runningMean"), param(bn, "runningVar"), param(bn, "gamma"),
                param(bn, "beta"), 1, 0.1f, config.batchNormEpsilon(), training).singletonOrThrow();
        return relu6 ? Activation.relu6(z) : z;
    }

    private record Case(BackboneConfig config, int in, int filters, int kernel, int stride, int groups, boolean relu6) {}

    @Test
    void inferenceFoldsBatchNormIntoTheConvolutionWithin1e4OfTheUnfoldedOps() {
        List<Case> cases = List.of(
                new Case(BackboneConfig.torch(1.0, 32), 3, 16, 3, 2, 1, true),   // stem
                new Case(BackboneConfig.torch(1.0, 32), 24, 24, 3, 1, 24, true), // depthwise
                new Case(BackboneConfig.torch(1.0, 32), 24, 16, 1, 1, 1, false), // linear projection
                new Case(BackboneConfig.keras(1.0, 32), 8, 8, 3, 2, 8, true));   // TF padding, eps 1e-3
        int seed = 10;
        for (Case c : cases) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(seed);
                ConvBatchNorm block = new ConvLayers(c.config(), new TorchParameterNames())
                        .convBn("c", "b", c.filters(), c.kernel(), c.stride(), c.groups(), c.relu6());
                Shape inShape = new Shape(2, c.in(), 17, 16);
                block.initialize(manager, DataType.FLOAT32, inShape);
                randomiseBatchNorm(block, manager, seed++);
                NDArray x = manager.randomNormal(0, 2, inShape, DataType.FLOAT32);
                NDArray folded = block.forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow();
                NDArray expected = reference(block, x, false, c.relu6(), c.config(), c.kernel(), c.stride());
                assertEquals(expected.getShape(), folded.getShape(), c.toString());
                float maxAbs = folded.sub(expected).abs().max().getFloat();
                assertTrue(maxAbs < 1e-4f, c + ": max abs difference " + maxAbs);
                // the statistics are far from identity, so this is not a trivial comparison
                assertTrue(expected.abs().max().getFloat() > 1f, c.toString());
            }
        }
    }

    @Test
    void foldedWeightsFollowTheParametersCachedOnlyWhileFrozen() {
        BackboneConfig config = BackboneConfig.torch(1.0, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(21);
            ConvBatchNorm conv = new ConvLayers(config, new TorchParameterNames()).convBn("c", "b", 8, 3, 1, 1, true);
            FreezableBlock block = new FreezableBlock("features.0", conv);
            Shape inShape = new Shape(2, 4, 8, 8);
            block.initialize(manager, DataType.FLOAT32, inShape);
            randomiseBatchNorm(conv, manager, 22);
            NDArray x = manager.randomNormal(0, 2, inShape, DataType.FLOAT32);
            ParameterStore ps = new ParameterStore(manager, false);
            for (boolean frozen : new boolean[] {false, true}) {
                block.setFrozen(frozen);
                assertClose(reference(conv, x, false, true, config, 3, 1),
                        block.forward(ps, new NDList(x), false).singletonOrThrow(), "frozen=" + frozen);
                // change the BatchNorm statistics in place, as a checkpoint restore or weight import does
                randomiseBatchNorm(conv, manager, 23 + (frozen ? 1 : 0));
                if (frozen) {
                    block.setFrozen(true); // the documented contract: freeze again after writing values
                }
                assertClose(reference(conv, x, false, true, config, 3, 1),
                        block.forward(ps, new NDList(x), false).singletonOrThrow(), "after update, frozen=" + frozen);
            }
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        float maxAbs = actual.sub(expected).abs().max().getFloat();
        assertTrue(maxAbs < 1e-4f, what + ": max abs difference " + maxAbs);
    }

    @Test
    void releasingIntermediatesWhileTrainingLeavesGradientsBitForBitUnchanged() {
        BackboneConfig config = BackboneConfig.torch(1.0, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<ConvBatchNorm> a = new ArrayList<>();
            List<ConvBatchNorm> b = new ArrayList<>();
            InvertedResidual blockA = residualBlock(config, manager, a);
            InvertedResidual blockB = residualBlock(config, manager, b);
            NDArray x = manager.randomNormal(0, 1, new Shape(4, 8, 9, 9), DataType.FLOAT32);
            NDArray xa = x.duplicate();
            NDArray xb = x.duplicate();
            xa.setRequiresGradient(true);
            xb.setRequiresGradient(true);
            float[] outA;
            float[] outB;
            float[] inputGradA;
            try (NDManager scope = manager.newSubManager()) {
                xa.attach(scope);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = blockA.forward(new ParameterStore(scope, false), new NDList(xa), true)
                            .singletonOrThrow();
                    // only the input and the output stay attached: every intermediate was closed
                    assertEquals(2, scope.getManagedArrays().size(), scope.getManagedArrays().toString());
                    outA = out.toFloatArray();
                    gc.backward(out.square().sum());
                }
                inputGradA = xa.getGradient().toFloatArray();
            }
            try (NDManager scope = manager.newSubManager()) {
                xb.attach(scope);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray h = reference(b.get(0), xb, true, true, config, 3, 1);
                    NDArray out = reference(b.get(1), h, true, false, config, 1, 1).add(xb);
                    outB = out.toFloatArray();
                    gc.backward(out.square().sum());
                }
                assertArrayEquals(outB, outA);
                for (int i = 0; i < a.size(); i++) {
                    for (String name : List.of("weight")) {
                        assertArrayEquals(grad(b.get(i).conv(), name), grad(a.get(i).conv(), name), "conv " + i);
                    }
                    for (String name : List.of("gamma", "beta")) {
                        assertArrayEquals(grad(b.get(i).batchNorm(), name), grad(a.get(i).batchNorm(), name),
                                "bn " + i + " " + name);
                    }
                }
                assertArrayEquals(xb.getGradient().toFloatArray(), inputGradA);
            }
        }
    }

    private static float[] grad(ai.djl.nn.Block block, String name) {
        Parameter p = block.getDirectParameters().get(name);
        float[] g = p.getArray().getGradient().toFloatArray();
        boolean nonZero = false;
        for (float v : g) {
            nonZero |= v != 0f;
        }
        assertTrue(nonZero, name + " has a zero gradient");
        return g;
    }

    /** expand-free inverted residual (depthwise 3x3 + ReLU6, linear 1x1) with an identity skip. */
    private static InvertedResidual residualBlock(BackboneConfig config, NDManager manager, List<ConvBatchNorm> parts) {
        Engine.getInstance().setRandomSeed(5);
        ConvLayers layers = new ConvLayers(config, new TorchParameterNames());
        ReleasingSequentialBlock body = new ReleasingSequentialBlock();
        parts.add(layers.convBnRelu6("p.0", 8, 3, 1, 8));
        parts.add(layers.convBn("p.1", "p.2", 8, 1, 1, 1, false));
        parts.forEach(body::add);
        InvertedResidual block = new InvertedResidual(body, true);
        block.initialize(manager, DataType.FLOAT32, new Shape(4, 8, 9, 9));
        for (ConvBatchNorm part : parts) {
            for (Parameter p : part.getParameters().values()) {
                if (FreezableBlock.isTrainable(p)) {
                    p.getArray().setRequiresGradient(true);
                }
            }
        }
        return block;
    }
}
