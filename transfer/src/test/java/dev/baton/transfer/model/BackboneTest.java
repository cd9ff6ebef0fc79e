package dev.baton.transfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackboneTest {

    private static long trainableCount(Backbone backbone) {
        return backbone.parameters().values().stream()
                .filter(FreezableBlock::isTrainable)
                .mapToLong(p -> p.getShape().size())
                .sum();
    }

    private static Backbone initialised(String name, BackboneConfig config, NDManager manager) {
        Backbone backbone = BackboneFactory.create(name, config);
        backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
        return backbone;
    }

    @Test
    void fullSizeParameterCountsMatchTorchvision() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // torchvision: vgg16().features and mobilenet_v2().features parameter counts
            assertEquals(14_714_688L, trainableCount(initialised("vgg16", BackboneConfig.torch(1, 32), manager)));
            assertEquals(2_223_872L, trainableCount(initialised("mobilenet_v2", BackboneConfig.torch(1, 32), manager)));
        }
    }

    @Test
    void mobileNetV2UsesTorchvisionNamesAndGroupedDepthwiseConvolutions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone b = initialised("mobilenet_v2", BackboneConfig.torch(0.25, 32), manager);
            assertEquals(19, b.blockNames().size());
            assertEquals("features.0", b.blockNames().get(0));
            assertEquals("features.18", b.blockNames().get(18));
            assertEquals(new Shape(8, 3, 3, 3), b.parameters().get("features.0.0.weight").getShape());
            assertEquals(new Shape(8), b.parameters().get("features.0.1.running_mean").getShape());
            // t=1 block: depthwise first, groups = channels → weight (C, 1, 3, 3)
            assertEquals(new Shape(8, 1, 3, 3), b.parameters().get("features.1.conv.0.0.weight").getShape());
            assertEquals(new Shape(8, 8, 1, 1), b.parameters().get("features.1.conv.1.weight").getShape());
            assertTrue(b.parameters().containsKey("features.1.conv.2.running_var"));
            // t=6 block: expand, depthwise, project, bn
            assertEquals(new Shape(48, 8, 1, 1), b.parameters().get("features.2.conv.0.0.weight").getShape());
            assertEquals(new Shape(48, 1, 3, 3), b.parameters().get("features.2.conv.1.0.weight").getShape());
            assertEquals(new Shape(8, 48, 1, 1), b.parameters().get("features.2.conv.2.weight").getShape());
            assertTrue(b.parameters().containsKey("features.2.conv.3.weight"));
            assertEquals(new Shape(1280, 80, 1, 1), b.parameters().get("features.18.0.weight").getShape());
            assertEquals(1280, b.outputChannels());
            assertEquals(new Shape(2, 1280, 1, 1), b.outputShape(2));
            for (Parameter p : b.parameters().values()) {
                assertTrue(p.isInitialized(), p.getName());
            }
        }
    }

    @Test
    void vgg16UsesTorchvisionFeatureIndicesAndNamedBlocks() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone b = initialised("vgg16", BackboneConfig.torch(0.25, 32), manager);
            assertEquals(List.of("block1", "block2", "block3", "block4", "block5"), b.blockNames());
            int[] convIndices = {0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28};
            assertEquals(26, b.parameters().size());
            for (int i : convIndices) {
                assertTrue(b.parameters().containsKey("features." + i + ".weight"), "features." + i);
                assertTrue(b.parameters().containsKey("features." + i + ".bias"));
            }
            assertEquals(new Shape(16, 3, 3, 3), b.parameters().get("features.0.weight").getShape());
            assertEquals(new Shape(1, 128, 1, 1), b.outputShape(1));
        }
    }

    @Test
    void tfSamePaddingPadsBottomRightForEvenInputsAndForwardWorks() {
        assertArrayEquals(new int[] {0, 1}, TfSamePadding.padding(32, 3, 2));
        assertArrayEquals(new int[] {1, 1}, TfSamePadding.padding(33, 3, 2));
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone b = initialised("mobilenet_v2", BackboneConfig.keras(0.35, 64), manager);
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 64, 64));
            NDList out = b.block().forward(new ParameterStore(manager, false), new NDList(x), false);
            assertEquals(new Shape(2, 1280, 2, 2), out.singletonOrThrow().getShape());
            assertEquals(b.outputShape(2), out.singletonOrThrow().getShape());
        }
    }

    @Test
    void tfSamePaddingShiftsTheSamplingGridComparedWithTorchPadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // an image whose only non-zero pixel is at (0,0): with torch padding (1 on each side)
            // the first 3x3/2 window covers it at kernel position (1,1); with TF padding (0 top/left)
            // at kernel position (0,0).
            NDArray x = manager.zeros(new Shape(1, 1, 4, 4));
            x.set(new ai.djl.ndarray.index.NDIndex("0,0,0,0"), 1f);
            NDArray padded = new TfSamePadding(3, 2)
                    .forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(1, 1, 5, 5), padded.getShape());
            assertEquals(1f, padded.getFloat(0, 0, 0, 0));
            assertEquals(0f, padded.getFloat(0, 0, 4, 4));
        }
    }

    @Test
    void unknownBaseNamesTheValidOnes() {
        UnknownBaseModelException e = assertThrows(
                UnknownBaseModelException.class,
                () -> BackboneFactory.create("resnet50", BackboneConfig.torch(1, 32)));
        assertTrue(e.getMessage().contains("vgg16"), e.getMessage());
        assertTrue(e.getMessage().contains("mobilenet_v2"), e.getMessage());
        assertEquals("resnet50", e.requested());
    }

    @Test
    void invalidConfigIsRejected() {
        assertThrows(InvalidBackboneConfigException.class, () -> BackboneConfig.torch(0.25, 16));
        assertThrows(InvalidBackboneConfigException.class, () -> BackboneConfig.torch(0, 32));
    }

    @Test
    void unknownBlockNameIsATypedError() {
        Backbone b = BackboneFactory.create("vgg16", BackboneConfig.torch(0.25, 32));
        assertThrows(UnknownBlockException.class, () -> b.indexOf("block9"));
        assertEquals(2, b.indexOf("block3"));
    }
}
