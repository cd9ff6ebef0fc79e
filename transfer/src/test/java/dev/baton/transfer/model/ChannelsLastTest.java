package dev.baton.transfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backbones' channels-last entry ({@link ChannelsLast}) changes memory layout only: outputs and
 * every parameter gradient match those of the NCHW-contiguous path, trained and frozen, with every
 * head, and VGG16's where it converts (when nothing trains); the conversion itself keeps shape and
 * values.
 */
class ChannelsLastTest {

    @AfterEach
    void restoreDefault() {
        System.clearProperty(ChannelsLast.PROPERTY);
    }

    private record Pass(float[] output, Map<String, float[]> gradients) {
    }

    /** One forward (and backward when training) pass of a fresh model built from the same seed. */
    private static Pass pass(String base, HeadSpec head, boolean channelsLast, boolean training, int frozen) {
        System.setProperty(ChannelsLast.PROPERTY, Boolean.toString(channelsLast));
        Engine.getInstance().setRandomSeed(11);
        Backbone backbone = BackboneFactory.create(base, BackboneConfig.torch(0.25, SIZE));
        try (TransferModel model = TransferModel.create(backbone, HeadFactory.create(head, 4), Device.cpu());
                NDManager scope = model.manager().newSubManager()) {
            backbone.freezeFirst(frozen);
            for (Parameter p : model.parameters().values()) {
                if (FreezableBlock.isTrainable(p)) {
                    p.getArray().setRequiresGradient(true);
                }
            }
            Engine.getInstance().setRandomSeed(12);
            NDArray x = scope.randomNormal(new Shape(BATCH, 3, SIZE, SIZE));
            Map<String, float[]> gradients = new LinkedHashMap<>();
            float[] out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = model.block().forward(new ParameterStore(scope, false), new NDList(x), training)
                        .singletonOrThrow();
                out = y.toFloatArray();
                if (training) {
                    gc.backward(y.mul(y).sum());
                }
            }
            if (training) {
                for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
                    if (FreezableBlock.isTrainable(e.getValue())) {
                        gradients.put(e.getKey(), e.getValue().getArray().getGradient().toFloatArray());
                    }
                }
            }
            return new Pass(out, gradients);
        }
    }

    private static void assertSamePass(String base, HeadSpec head, boolean training, int frozen) {
        String what = base + " " + head.type() + " training=" + training + " frozen=" + frozen;
        Pass nchw = pass(base, head, false, training, frozen);
        Pass last = pass(base, head, true, training, frozen);
        float tolerance = training ? TRAINING_TOLERANCE : INFERENCE_TOLERANCE;
        assertClose(nchw.output(), last.output(), tolerance, what + " output");
        assertEquals(nchw.gradients().keySet(), last.gradients().keySet(), what);
        assertTrue(training == !nchw.gradients().isEmpty(), what + ": gradients only when training");
        for (String name : nchw.gradients().keySet()) {
            assertClose(nchw.gradients().get(name), last.gradients().get(name), tolerance, what + " gradient of " + name);
        }
    }

    /**
     * Relative to the largest value: the same math, summed in another order by oneDNN's NHWC
     * kernels. In training mode BatchNorm divides by batch standard deviations, which amplifies
     * those rounding differences (the 2x2 maps of the last MobileNetV2 blocks give 32 values per
     * channel; with 3 images of 32 px, 3 values, gradients differed by 1.6%); a layout mix-up
     * would differ by the size of the values themselves.
     */
    private static final float INFERENCE_TOLERANCE = 1e-4f;
    private static final float TRAINING_TOLERANCE = 1e-3f;
    /** Image size and batch: large enough for batch statistics that do not amplify rounding. */
    private static final int SIZE = 64;
    private static final int BATCH = 8;

    private static void assertClose(float[] expected, float[] actual, float relative, String what) {
        assertEquals(expected.length, actual.length, what);
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            float tolerance = relative * Math.max(1f, scale);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance,
                    what + "[" + i + "]: " + expected[i] + " vs " + actual[i] + " (tolerance " + tolerance + ")");
        }
    }

    @Test
    void channelsLastChangesNothingButTheLayout() {
        for (HeadSpec head : new HeadSpec[] {HeadSpec.gap(0f), HeadSpec.svm(1e-3f), HeadSpec.dense(8, 0f)}) {
            assertSamePass("mobilenet_v2", head, false, 0);
        }
        assertSamePass("mobilenet_v2", HeadSpec.gap(0f), true, 0);
        assertSamePass("mobilenet_v2", HeadSpec.dense(8, 0f), true, 10);
        assertSamePass("mobilenet_v2", HeadSpec.svm(1e-3f), true, 18);
        // VGG16 converts when nothing trains: inference, and a frozen base under a training head
        assertSamePass("vgg16", HeadSpec.gap(0f), false, 0);
        assertSamePass("vgg16", HeadSpec.dense(8, 0f), true, 5);
    }

    @Test
    void mobileNetV2AlwaysRunsChannelsLastAndVgg16OnlyWhenNothingTrains() {
        Backbone mobileNet = BackboneFactory.create("mobilenet_v2", BackboneConfig.torch(0.25, 32));
        assertTrue(mobileNet.runsChannelsLast(true) && mobileNet.runsChannelsLast(false));
        Backbone vgg = BackboneFactory.create("vgg16", BackboneConfig.torch(0.25, 32));
        assertTrue(vgg.runsChannelsLast(false), "inference");
        assertTrue(!vgg.runsChannelsLast(true), "training with blocks to train");
        vgg.freezeFirst(3);
        assertTrue(!vgg.runsChannelsLast(true), "fine-tuning the last blocks");
        vgg.freezeFirst(vgg.blocks().size());
        assertTrue(vgg.runsChannelsLast(true), "feature extraction: the frozen base runs in inference mode");
    }

    @Test
    void conversionKeepsShapeAndValuesAndCanBeSwitchedOff() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.arange(2 * 3 * 4 * 5f).reshape(2, 3, 4, 5);
            NDArray converted = ChannelsLast.convert(x);
            assertNotSame(x, converted);
            assertEquals(x.getShape(), converted.getShape());
            assertArrayEquals(x.toFloatArray(), converted.toFloatArray());
            // indexing and flattening see NCHW order, whatever the strides
            assertArrayEquals(x.get(1).get(2).toFloatArray(), converted.get(1).get(2).toFloatArray());
            assertArrayEquals(x.flatten().toFloatArray(), converted.flatten().toFloatArray());
            NDArray flat = manager.arange(6f);
            assertSame(flat, ChannelsLast.convert(flat), "only 4-D arrays are converted");
            System.setProperty(ChannelsLast.PROPERTY, "false");
            assertSame(x, ChannelsLast.convert(x), "switched off");
        }
    }
}
