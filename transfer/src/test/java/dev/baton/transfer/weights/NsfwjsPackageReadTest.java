package dev.baton.transfer.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.transfer.weights.tfjs.TfjsLayersModel;
import dev.baton.transfer.weights.tfjs.TfjsWeightSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real nsfwjs@4.4.0 MobileNetV2 model files (fetched by deploy/base-models/fetch-nsfwjs.sh). */
class NsfwjsPackageReadTest {

    @Test
    void readsQuantisedMobileNetV2AndMapsEveryBackboneWeight() throws Exception {
        TfjsLayersModel model = NsfwjsMobileNetV2.read(NsfwjsPackage.unpacked());
        assertEquals("2.2.4", model.modelTopology().path("keras_version").asText());
        assertEquals(0.001, model.layerConfig("bn_Conv1").path("epsilon").asDouble());
        assertEquals("[[0,1],[0,1]]", model.layerConfig("Conv1_pad").path("padding").toString());
        assertTrue(model.weightSpecs().stream().allMatch(s -> s.quantization().map(TfjsWeightSpec.Quantization::dtype)
                .orElse("").equals("uint8")));
        MappingResult mapped = NsfwjsMobileNetV2.torchvisionWeights(NsfwjsPackage.unpacked());
        // 52 conv/depthwise kernels and 52 BatchNorms x 4 vectors at width 1.0 = 260; head: 3 dense x 2
        assertEquals(52 + 52 * 4, mapped.weights().size());
        assertEquals(List.of("dense_1/bias", "dense_1/kernel", "dense_2/bias", "dense_2/kernel", "dense_3/bias",
                "dense_3/kernel"), mapped.unmappedSourceNames().stream().sorted().toList());
        assertEquals(List.of(1280L, 320L, 1L, 1L),
                java.util.Arrays.stream(mapped.weights().require("features.18.0.weight").shape()).boxed().toList());
    }
}
