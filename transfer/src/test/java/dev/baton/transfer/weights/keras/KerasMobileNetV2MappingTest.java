package dev.baton.transfer.weights.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.transfer.weights.MappingResult;
import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightFormatException;
import dev.baton.transfer.weights.WeightSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KerasMobileNetV2MappingTest {

    @Test
    void mapsLayerNamesToTorchvisionModules() {
        assertEquals(Optional.of("features.0.0.weight"), KerasMobileNetV2Mapping.torchvisionName("Conv1/kernel"));
        assertEquals(Optional.of("features.0.1.weight"), KerasMobileNetV2Mapping.torchvisionName("bn_Conv1/gamma"));
        assertEquals(Optional.of("features.0.1.bias"), KerasMobileNetV2Mapping.torchvisionName("bn_Conv1/beta:0"));
        assertEquals(Optional.of("features.1.conv.0.0.weight"),
                KerasMobileNetV2Mapping.torchvisionName("expanded_conv_depthwise/depthwise_kernel"));
        assertEquals(Optional.of("features.1.conv.0.1.running_mean"),
                KerasMobileNetV2Mapping.torchvisionName("expanded_conv_depthwise_BN/moving_mean"));
        assertEquals(Optional.of("features.1.conv.1.weight"),
                KerasMobileNetV2Mapping.torchvisionName("expanded_conv_project/kernel"));
        assertEquals(Optional.of("features.1.conv.2.running_var"),
                KerasMobileNetV2Mapping.torchvisionName("expanded_conv_project_BN/moving_variance"));
        assertEquals(Optional.of("features.2.conv.0.0.weight"), KerasMobileNetV2Mapping.torchvisionName("block_1_expand/kernel"));
        assertEquals(Optional.of("features.2.conv.0.1.weight"), KerasMobileNetV2Mapping.torchvisionName("block_1_expand_BN/gamma"));
        assertEquals(Optional.of("features.11.conv.1.0.weight"),
                KerasMobileNetV2Mapping.torchvisionName("block_10_depthwise/depthwise_kernel"));
        assertEquals(Optional.of("features.11.conv.1.1.bias"), KerasMobileNetV2Mapping.torchvisionName("block_10_depthwise_BN/beta"));
        assertEquals(Optional.of("features.17.conv.2.weight"), KerasMobileNetV2Mapping.torchvisionName("block_16_project/kernel"));
        assertEquals(Optional.of("features.17.conv.3.running_mean"),
                KerasMobileNetV2Mapping.torchvisionName("block_16_project_BN/moving_mean"));
        assertEquals(Optional.of("features.18.0.weight"), KerasMobileNetV2Mapping.torchvisionName("Conv_1/kernel"));
        assertEquals(Optional.of("features.18.1.running_var"), KerasMobileNetV2Mapping.torchvisionName("Conv_1_bn/moving_variance"));
        // h5 dataset path form
        assertEquals(Optional.of("features.4.conv.1.0.weight"),
                KerasMobileNetV2Mapping.torchvisionName("block_3_depthwise/block_3_depthwise/depthwise_kernel:0"));
        // outside the backbone
        assertEquals(Optional.empty(), KerasMobileNetV2Mapping.torchvisionName("dense_3/kernel"));
        assertEquals(Optional.empty(), KerasMobileNetV2Mapping.torchvisionName("block_17_expand/kernel"));
        assertEquals(Optional.empty(), KerasMobileNetV2Mapping.torchvisionName("block_0_expand/kernel"));
        assertEquals(Optional.empty(), KerasMobileNetV2Mapping.torchvisionName("Conv1/unknown"));
        assertEquals(Optional.empty(), KerasMobileNetV2Mapping.torchvisionName("nonsense"));
    }

    @Test
    void convertsKernelLayouts() throws Exception {
        Random rnd = new Random(7);
        int h = 3, w = 2, in = 4, out = 5;
        float[] v = new float[h * w * in * out];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat();
        }
        NamedTensor oihw = KerasLayouts.hwioToOihw(new NamedTensor("k", new long[] {h, w, in, out}, v), "t");
        assertArrayEquals(new long[] {out, in, h, w}, oihw.shape());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        assertEquals(v[((y * w + x) * in + i) * out + o], oihw.values()[((o * in + i) * h + y) * w + x]);
                    }
                }
            }
        }
        int c = 6, m = 2;
        float[] d = new float[h * w * c * m];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat();
        }
        NamedTensor dw = KerasLayouts.depthwiseHwcmToOihw(new NamedTensor("d", new long[] {h, w, c, m}, d), "t");
        assertArrayEquals(new long[] {c * m, 1, h, w}, dw.shape());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < m; k++) {
                        assertEquals(d[((y * w + x) * c + ch) * m + k], dw.values()[((ch * m + k) * h + y) * w + x]);
                    }
                }
            }
        }
        NamedTensor dense = KerasLayouts.denseToOutIn(new NamedTensor("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}), "t");
        assertArrayEquals(new long[] {3, 2}, dense.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, dense.values());
        assertThrows(WeightFormatException.class,
                () -> KerasLayouts.hwioToOihw(new NamedTensor("v", new long[] {2}, new float[2]), "t"));
    }

    @Test
    void mapsWeightSetAndReportsHeadWeights() throws Exception {
        WeightSet keras = WeightSet.of(List.of(
                new NamedTensor("Conv1/kernel", new long[] {3, 3, 3, 2}, new float[54]),
                new NamedTensor("bn_Conv1/moving_variance", new long[] {2}, new float[] {1, 2}),
                new NamedTensor("expanded_conv_depthwise/depthwise_kernel", new long[] {3, 3, 2, 1}, new float[18]),
                new NamedTensor("dense_1/kernel", new long[] {4, 2}, new float[8])));
        MappingResult r = KerasMobileNetV2Mapping.map(keras);
        assertEquals(List.of("features.0.0.weight", "features.0.1.running_var", "features.1.conv.0.0.weight"),
                List.copyOf(r.weights().names()));
        assertArrayEquals(new long[] {2, 3, 3, 3}, r.weights().require("features.0.0.weight").shape());
        assertArrayEquals(new long[] {2, 1, 3, 3}, r.weights().require("features.1.conv.0.0.weight").shape());
        assertArrayEquals(new float[] {1, 2}, r.weights().require("features.0.1.running_var").values());
        assertEquals(List.of("dense_1/kernel"), r.unmappedSourceNames());

        WeightSet badRank = WeightSet.of(List.of(new NamedTensor("bn_Conv1/gamma", new long[] {1, 2}, new float[2])));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> KerasMobileNetV2Mapping.map(badRank));
        assertTrue(e.getMessage().contains("bn_Conv1/gamma"));
        WeightSet twice = WeightSet.of(List.of(
                new NamedTensor("bn_Conv1/gamma", new long[] {2}, new float[2]),
                new NamedTensor("bn_Conv1/bn_Conv1/gamma:0", new long[] {2}, new float[2])));
        assertThrows(WeightFormatException.class, () -> KerasMobileNetV2Mapping.map(twice));
    }
}
