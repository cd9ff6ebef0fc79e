package dev.baton.transfer.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.FreezableBlock;
import dev.baton.transfer.model.MobileNetV2;
import dev.baton.transfer.model.PaddingMode;
import dev.baton.transfer.weights.keras.KerasMobileNetV2Mapping;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numerical proof of the nsfwjs MobileNetV2 import: the torchvision-layout backbone with the imported
 * weights reproduces the original TF.js model's outputs (reference fixture made by
 * deploy/base-models/make-nsfwjs-reference.sh) within 1e-3 max abs error.
 */
class NsfwjsMobileNetV2ImportTest {
    private static final double TOLERANCE = 1e-3;
    private static final int SIZE = 224;

    private static JsonNode fixture;
    private static MappingResult mapped;
    private static Path unpacked;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = NsfwjsMobileNetV2ImportTest.class.getResourceAsStream(
                "/weights/nsfwjs-mobilenet_v2-reference.json")) {
            fixture = new JsonMapper().readTree(in);
        }
        unpacked = NsfwjsPackage.unpacked();
        mapped = NsfwjsMobileNetV2.torchvisionWeights(unpacked);
    }

    /** The fixture's input formulas, same integer arithmetic as nsfwjs-reference.mjs. */
    private static final IntTernary[] FORMULAS = {
        (h, w, c) -> (h + 2 * w + 40 * c) % 256,
        (h, w, c) -> (7 * h * h + 3 * w * w + h * w + 71 * c + 13) % 256,
    };

    @FunctionalInterface
    private interface IntTernary {
        int apply(int h, int w, int c);
    }

    @Test
    void fixtureWasMadeFromTheSamePackageFiles() throws Exception {
        Path modelDir = unpacked.resolve(NsfwjsMobileNetV2.MODEL_DIR);
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) fixture.path("packageFiles")::fields) {
            assertEquals(e.getValue().asText(), SafetensorsFile.sha256(modelDir.resolve(e.getKey())), e.getKey());
        }
    }

    @Test
    void importedBackboneMatchesTfjsReference() throws Exception {
        BackboneConfig config = BackboneConfig.keras(1.0, SIZE);
        assertEquals(PaddingMode.TF_SAME, config.paddingMode());
        assertEquals(KerasMobileNetV2Mapping.BATCH_NORM_EPS, config.batchNormEpsilon(), 1e-9);
        double[] err = maxErrors(config);
        System.out.printf("nsfwjs MobileNetV2 import vs TF.js: max abs error out_relu GAP %.3g, "
                + "out_relu slice %.3g, block_10 GAP %.3g%n", err[0], err[1], err[2]);
        assertTrue(err[0] <= TOLERANCE, "out_relu GAP max abs error " + err[0]);
        assertTrue(err[1] <= TOLERANCE, "out_relu slice max abs error " + err[1]);
        assertTrue(err[2] <= TOLERANCE, "block_10 GAP max abs error " + err[2]);
    }

    /** Negative control: the comparison is sensitive enough to see torchvision's symmetric padding. */
    @Test
    void symmetricPaddingIsMeasurablyWrong() throws Exception {
        double[] err = maxErrors(new BackboneConfig(1.0, SIZE, BackboneConfig.KERAS_BN_EPSILON, PaddingMode.TORCH));
        System.out.printf("control with PaddingMode.TORCH: max abs error out_relu GAP %.3g, block_10 GAP %.3g%n",
                err[0], err[2]);
        assertTrue(err[0] > 100 * TOLERANCE, "TORCH padding should not reproduce TF.js, error " + err[0]);
    }

    /** @return max abs errors {out_relu GAP, out_relu slice, block_10 GAP} over both inputs */
    private static double[] maxErrors(BackboneConfig config) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = MobileNetV2.build(config);
            backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            ImportReport report = BackboneWeightImporter.importInto(mapped.weights(), backbone.parameters(), true);
            assertEquals(backbone.parameters().size(), report.importedParameters().size());
            assertTrue(report.unusedSourceWeights().isEmpty());

            double worstGap = 0;
            double worstSlice = 0;
            double worstBlock10 = 0;
            ParameterStore ps = new ParameterStore(manager, false);
            int lastImageNet = backbone.indexOf(NsfwjsMobileNetV2.LAST_IMAGENET_BLOCK);
            for (int n = 0; n < FORMULAS.length; n++) {
                JsonNode ref = fixture.path("inputs").get(n);
                NDArray x = manager.create(input(FORMULAS[n]), new Shape(1, 3, SIZE, SIZE));
                NDArray block10 = null;
                NDArray y = x;
                for (int b = 0; b < backbone.blocks().size(); b++) {
                    FreezableBlock block = backbone.blocks().get(b);
                    y = block.forward(ps, new NDList(y), false).singletonOrThrow();
                    if (b == lastImageNet) {
                        block10 = y;
                    }
                }
                assertEquals(new Shape(1, 1280, 7, 7), y.getShape());
                assertEquals(new Shape(1, 96, 14, 14), block10.getShape());

                float[] all = y.toFloatArray();
                worstGap = Math.max(worstGap, maxAbs(gap(all, 1280, 49), ref.path("outReluGap")));
                worstBlock10 = Math.max(worstBlock10, maxAbs(gap(block10.toFloatArray(), 96, 196),
                        ref.path("block10Gap")));
                // slice out_relu[0, 0..6, 0..6, 0..7] in HWC order, from NCHW
                float[] slice = new float[7 * 7 * 8];
                int k = 0;
                for (int h = 0; h < 7; h++) {
                    for (int w = 0; w < 7; w++) {
                        for (int c = 0; c < 8; c++) {
                            slice[k++] = all[(c * 7 + h) * 7 + w];
                        }
                    }
                }
                worstSlice = Math.max(worstSlice, maxAbs(slice, ref.path("outReluSlice")));
            }
            return new double[] {worstGap, worstSlice, worstBlock10};
        }
    }

    @Test
    void exportedBaseRoundTripsThroughSafetensorsAndManifest(@TempDir Path out) throws Exception {
        BaseModelManifest manifest = NsfwjsMobileNetV2.exportBase(unpacked, out);
        BaseModelManifest read = BaseModelManifest.read(out.resolve(NsfwjsMobileNetV2.MANIFEST_FILE));
        assertEquals(manifest, read);
        assertEquals("TF_SAME", read.architecture().paddingMode());
        assertEquals(1e-3, read.architecture().batchNormEpsilon());
        assertEquals("SYMMETRIC", read.normalization().scale());
        assertEquals("RGB", read.normalization().channelOrder());
        assertEquals("MIT", read.licence());
        assertEquals(NsfwjsMobileNetV2.SOURCE, read.source().description());
        assertTrue(read.provenance().contains("block_10"));
        Path weightsFile = read.verifiedWeightsFile(out);
        WeightSet weights = SafetensorsFile.read(weightsFile);
        assertEquals(mapped.weights().names(), weights.names());
        for (NamedTensor t : mapped.weights().tensors()) {
            assertEquals(t, weights.require(t.name()));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = MobileNetV2.build(BackboneConfig.keras(1.0, SIZE));
            backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            assertEquals(manifest, BackboneWeightImporter.importBase(out.resolve(NsfwjsMobileNetV2.MANIFEST_FILE),
                    backbone.parameters()));
            WeightSet back = BackboneWeightImporter.export(backbone.parameters());
            assertEquals(weights.names(), back.names());
            for (NamedTensor t : weights.tensors()) {
                assertEquals(t, back.require(t.name()));
            }
        }
        // identical weights give an identical file
        Path again = out.resolve("again");
        assertEquals(manifest.weights().sha256(), NsfwjsMobileNetV2.exportBase(unpacked, again).weights().sha256());
    }

    /** NCHW float input from an NHWC byte formula, scaled x = p/127.5 - 1 (same float rounding as JS). */
    private static float[] input(IntTernary formula) {
        float[] x = new float[3 * SIZE * SIZE];
        for (int h = 0; h < SIZE; h++) {
            for (int w = 0; w < SIZE; w++) {
                for (int c = 0; c < 3; c++) {
                    x[(c * SIZE + h) * SIZE + w] = (float) (formula.apply(h, w, c) / 127.5 - 1);
                }
            }
        }
        return x;
    }

    /** Global average pool of one NCHW sample, accumulated in double. */
    private static float[] gap(float[] nchw, int channels, int positions) {
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int p = 0; p < positions; p++) {
                sum += nchw[c * positions + p];
            }
            out[c] = (float) (sum / positions);
        }
        return out;
    }

    private static double maxAbs(float[] actual, JsonNode expected) {
        assertEquals(expected.size(), actual.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected.get(i).asDouble()));
        }
        return worst;
    }
}
