package dev.baton.transfer.weights.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.Vgg16;
import dev.baton.transfer.weights.BackboneWeightImporter;
import dev.baton.transfer.weights.MappingResult;
import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KerasVgg16MappingTest {
    private static final int[][] CHANNELS = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};

    @Test
    void mapsBothKerasNamingGenerations() {
        assertEquals(Optional.of("features.0.weight"), KerasVgg16Mapping.torchvisionName("block1_conv1/block1_conv1_W_1:0"));
        assertEquals(Optional.of("features.0.bias"), KerasVgg16Mapping.torchvisionName("block1_conv1/block1_conv1_b_1:0"));
        assertEquals(Optional.of("features.2.weight"), KerasVgg16Mapping.torchvisionName("block1_conv2_W_1:0"));
        assertEquals(Optional.of("features.5.weight"), KerasVgg16Mapping.torchvisionName("block2_conv1/kernel:0"));
        assertEquals(Optional.of("features.14.bias"), KerasVgg16Mapping.torchvisionName("block3_conv3/block3_conv3/bias:0"));
        assertEquals(Optional.of("features.17.weight"), KerasVgg16Mapping.torchvisionName("block4_conv1/kernel"));
        assertEquals(Optional.of("features.28.bias"), KerasVgg16Mapping.torchvisionName("block5_conv3_b_1:0"));
        assertEquals(Optional.empty(), KerasVgg16Mapping.torchvisionName("block1_conv3/kernel:0"));
        assertEquals(Optional.empty(), KerasVgg16Mapping.torchvisionName("fc1/fc1_W_1:0"));
        assertEquals(Optional.empty(), KerasVgg16Mapping.torchvisionName("predictions/kernel:0"));
        List<Integer> all = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            for (int c = 0; c < CHANNELS[b].length; c++) {
                all.add(KerasVgg16Mapping.featureIndex("block" + (b + 1) + "_conv" + (c + 1)).orElseThrow());
            }
        }
        assertEquals(List.of(0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28), all);
    }

    @Test
    void importsOntoTheVgg16BackboneAndTransposesKernels() throws Exception {
        double width = 1.0 / 16; // 4..32 channels keeps the test small
        Random rnd = new Random(16);
        List<NamedTensor> keras = new ArrayList<>();
        int in = 3;
        for (int b = 0; b < 5; b++) {
            for (int c = 0; c < CHANNELS[b].length; c++) {
                int out = Math.max(1, (int) Math.round(CHANNELS[b][c] * width));
                String layer = "block" + (b + 1) + "_conv" + (c + 1);
                float[] k = new float[3 * 3 * in * out];
                for (int i = 0; i < k.length; i++) {
                    k[i] = (float) rnd.nextGaussian();
                }
                float[] bias = new float[out];
                for (int i = 0; i < out; i++) {
                    bias[i] = rnd.nextFloat();
                }
                keras.add(new NamedTensor(layer + "/" + layer + "_W_1:0", new long[] {3, 3, in, out}, k));
                keras.add(new NamedTensor(layer + "/" + layer + "_b_1:0", new long[] {out}, bias));
                in = out;
            }
        }
        keras.add(new NamedTensor("fc1/fc1_W_1:0", new long[] {2, 2}, new float[4]));
        MappingResult r = KerasVgg16Mapping.map(WeightSet.of(keras));
        assertEquals(List.of("fc1/fc1_W_1:0"), r.unmappedSourceNames());
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone vgg = Vgg16.build(BackboneConfig.keras(width, 32));
            vgg.block().initialize(manager, DataType.FLOAT32, vgg.inputShape(1));
            BackboneWeightImporter.importInto(r.weights(), vgg.parameters(), true);
            NamedTensor k = keras.get(2); // block1_conv2 kernel, HWIO
            float[] oihw = vgg.parameters().get("features.2.weight").getArray().toFloatArray();
            long[] s = k.shape();
            int ci = (int) s[2], co = (int) s[3];
            assertArrayEquals(new long[] {co, ci, 3, 3}, vgg.parameters().get("features.2.weight").getArray().getShape().getShape());
            assertEquals(k.values()[((2 * 3 + 1) * ci + 1) * co + 3], oihw[((3 * ci + 1) * 3 + 2) * 3 + 1]);
            assertTrue(vgg.parameters().containsKey("features.28.bias"));
        }
    }
}
