package dev.baton.transfer.weights.torchvision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.weights.BackboneWeightImporter;
import dev.baton.transfer.weights.BaseModelManifest;
import dev.baton.transfer.weights.ImportReport;
import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.ParameterMismatchException;
import dev.baton.transfer.weights.WeightFormatException;
import dev.baton.transfer.weights.WeightSet;
import dev.baton.transfer.weights.torchvision.TorchvisionExports.Export;
import dev.baton.transfer.weights.torchvision.TorchvisionImporter.Loaded;
import dev.baton.transfer.weights.torchvision.TorchvisionImporter.Options;
import dev.baton.transfer.weights.torchvision.TorchvisionMapping.Part;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The torchvision importer on real TorchScript files written by deploy/base-models/export_torchvision.py
 * (Debian's torch 1.13 / torchvision 0.14, seeded random weights with random BatchNorm statistics):
 * Baton's backbone with the imported weights reproduces torchvision's own features output within
 * 1e-4 max abs error, for saved {@code features} and whole models, scripted and traced; wrong
 * architectures, widths and broken files are typed errors.
 */
class TorchvisionImportTest {
    private static final double TOLERANCE = 1e-4;
    private static final int SIZE = 64;

    private static Export mobileNetFeatures() throws Exception {
        return TorchvisionExports.export("mobilenet_v2-features-seed0", "--arch", "mobilenet_v2", "--part", "features",
                "--weights", "none", "--seed", "0", "--reference-size", Integer.toString(SIZE));
    }

    private static Export mobileNetFullTraced() throws Exception {
        return TorchvisionExports.export("mobilenet_v2-full-trace-seed1", "--arch", "mobilenet_v2", "--part", "full",
                "--mode", "trace", "--weights", "none", "--seed", "1", "--reference-size", Integer.toString(SIZE));
    }

    private static Export vggFeatures() throws Exception {
        return TorchvisionExports.export("vgg16-features-seed0", "--arch", "vgg16", "--part", "features",
                "--weights", "none", "--seed", "0", "--reference-size", Integer.toString(SIZE));
    }

    @Test
    void mobileNetV2FeaturesMatchTorchvision() throws Exception {
        Export export = mobileNetFeatures();
        Loaded loaded = TorchvisionImporter.load(export.file(), Options.defaults());
        assertEquals("mobilenet_v2", loaded.mapped().architecture());
        assertEquals(1.0, loaded.mapped().widthMultiplier());
        assertEquals(Part.FEATURES, loaded.mapped().part());
        // 52 convolutions, 52 BatchNorms with weight, bias, running_mean, running_var
        assertEquals(52 + 52 * 4, loaded.mapped().mapping().weights().size());
        assertEquals(52, loaded.mapped().mapping().unmappedSourceNames().size(), "the num_batches_tracked counters");
        double err = maxError(loaded, export);
        System.out.printf("torchvision mobilenet_v2 features (scripted) vs Baton: max abs error %.3g%n", err);
        assertTrue(err <= TOLERANCE, "max abs error " + err);
    }

    @Test
    void mobileNetV2WholeTracedModelMatchesAndItsClassifierIsLeftOut() throws Exception {
        Export export = mobileNetFullTraced();
        Loaded loaded = TorchvisionImporter.load(export.file(), Options.defaults());
        assertEquals("mobilenet_v2", loaded.mapped().architecture());
        assertEquals(Part.FULL, loaded.mapped().part());
        List<String> left = loaded.mapped().mapping().unmappedSourceNames();
        assertTrue(left.containsAll(List.of("classifier.1.weight", "classifier.1.bias")), left.toString());
        assertTrue(loaded.mapped().mapping().weights().names().stream().allMatch(n -> n.startsWith("features.")));
        double err = maxError(loaded, export);
        System.out.printf("torchvision mobilenet_v2 whole model (traced) vs Baton: max abs error %.3g%n", err);
        assertTrue(err <= TOLERANCE, "max abs error " + err);
    }

    @Test
    void vgg16FeaturesMatchTorchvision() throws Exception {
        Export export = vggFeatures();
        Loaded loaded = TorchvisionImporter.load(export.file(), Options.defaults());
        assertEquals("vgg16", loaded.mapped().architecture());
        assertEquals(26, loaded.mapped().mapping().weights().size());
        assertTrue(loaded.mapped().mapping().unmappedSourceNames().isEmpty());
        double err = maxError(loaded, export);
        System.out.printf("torchvision vgg16 features (scripted) vs Baton: max abs error %.3g%n", err);
        assertTrue(err <= TOLERANCE, "max abs error " + err);
    }

    /** The BatchNorm statistics are buffers DJL does not give; without them the output is far off. */
    @Test
    void batchNormBuffersComeFromTheArchiveAndMatter() throws Exception {
        Export export = mobileNetFeatures();
        TorchScriptFile file = TorchScriptFile.read(export.file());
        assertTrue(file.bufferNames().containsAll(List.of("0.1.running_mean", "0.1.running_var", "18.1.running_var")));
        assertFalse(file.parameterNames().contains("0.1.running_mean"));
        assertTrue(file.parameterNames().containsAll(List.of("0.0.weight", "0.1.weight", "0.1.bias")));
        assertEquals(104, file.bufferNames().size());
        assertTrue(file.integerTensors().contains("0.1.num_batches_tracked"));

        Loaded loaded = TorchvisionImporter.load(export.file(), Options.defaults());
        List<NamedTensor> defaults = new ArrayList<>();
        for (NamedTensor t : loaded.mapped().mapping().weights().tensors()) {
            float[] v = t.values();
            if (t.name().endsWith(".running_mean")) {
                v = new float[v.length];
            } else if (t.name().endsWith(".running_var")) {
                v = new float[v.length];
                Arrays.fill(v, 1f);
            }
            defaults.add(new NamedTensor(t.name(), t.shape(), v));
        }
        double err = maxError(WeightSet.of(defaults), BackboneConfig.torch(1.0, SIZE), "mobilenet_v2", export);
        System.out.printf("control without the imported BatchNorm statistics: max abs error %.3g%n", err);
        assertTrue(err > 1000 * TOLERANCE, "running statistics should matter, error " + err);
    }

    @Test
    void wrongArchitectureNamesTheParameter() throws Exception {
        Export export = mobileNetFeatures();
        Loaded loaded = TorchvisionImporter.load(export.file(), Options.defaults().withArchitecture("vgg16"));
        assertEquals("vgg16", loaded.mapped().architecture());
        ParameterMismatchException e = assertThrows(ParameterMismatchException.class,
                () -> importOntoNewBackbone(loaded, SIZE));
        assertEquals("features.0.weight", e.parameterName());
        assertEquals(ParameterMismatchException.Kind.MISSING_IN_SOURCE, e.kind());
    }

    @Test
    void wrongWidthIsAShapeMismatchNamingTheParameter(@TempDir Path out) throws Exception {
        Export export = mobileNetFeatures();
        Options half = new Options(Optional.empty(), Optional.of(0.5), 224, TorchvisionImporter.DEFAULT_LICENCE);
        ParameterMismatchException e = assertThrows(ParameterMismatchException.class,
                () -> TorchvisionImporter.exportBase(export.file(), out, half));
        assertEquals("features.0.0.weight", e.parameterName());
        assertEquals(ParameterMismatchException.Kind.SHAPE_MISMATCH, e.kind());
        assertArrayEquals(new long[] {16, 3, 3, 3}, e.expectedShape().orElseThrow());
        assertArrayEquals(new long[] {32, 3, 3, 3}, e.actualShape().orElseThrow());
        assertFalse(Files.exists(out.resolve(BaseModelManifest.FILE)), "nothing is written for a misfit");
    }

    @Test
    void truncatedFileIsAFormatError(@TempDir Path dir) throws Exception {
        byte[] all = Files.readAllBytes(mobileNetFeatures().file());
        Path truncated = dir.resolve("truncated.pt");
        Files.write(truncated, Arrays.copyOf(all, all.length / 2));
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> TorchvisionImporter.load(truncated, Options.defaults()));
        assertTrue(e.getMessage().contains("truncated.pt"), e.getMessage());
        Path text = dir.resolve("not-torchscript.pt");
        Files.writeString(text, "not a model");
        assertThrows(WeightFormatException.class, () -> TorchvisionImporter.load(text, Options.defaults()));
    }

    @Test
    void otherNetworksAreNotRecognised() throws Exception {
        Path file = TorchvisionExports.outDir().resolve("small-cnn.pt");
        TorchvisionExports.python("import torch\n"
                + "torch.manual_seed(0)\n"
                + "m = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3), torch.nn.BatchNorm2d(8), torch.nn.ReLU()).eval()\n"
                + "torch.jit.save(torch.jit.script(m), '" + file + "')\n");
        TorchScriptFile read = TorchScriptFile.read(file);
        assertEquals(List.of("0.bias", "0.weight", "1.bias", "1.running_mean", "1.running_var", "1.weight"),
                read.tensors().names().stream().sorted().toList());
        UnrecognisedArchitectureException e = assertThrows(UnrecognisedArchitectureException.class,
                () -> TorchvisionImporter.load(file, Options.defaults()));
        assertTrue(e.getMessage().contains("small-cnn.pt"), e.getMessage());
    }

    @Test
    void exportedBaseRecordsTorchvisionNormalisationAndLoadsBack(@TempDir Path out) throws Exception {
        Export export = vggFeatures();
        BaseModelManifest manifest = TorchvisionImporter.exportBase(export.file(), out, Options.defaults());
        BaseModelManifest read = BaseModelManifest.read(out.resolve(BaseModelManifest.FILE));
        assertEquals(manifest, read);
        assertEquals("vgg16", read.baseModel());
        assertEquals("TORCH", read.architecture().paddingMode());
        assertEquals(1e-5, read.architecture().batchNormEpsilon());
        assertEquals(512, read.architecture().featureChannels());
        assertEquals(224, read.architecture().inputSize());
        assertEquals(new BaseModelManifest.NormalizationSpec("UNIT", "RGB", List.of(0.485, 0.456, 0.406),
                List.of(0.229, 0.224, 0.225)), read.normalization());
        assertEquals("BSD-3-Clause", read.licence());
        assertEquals("torchvision", read.source().packageName());
        assertEquals(export.reference().path("torchvision").asText(), read.source().packageVersion());
        assertEquals(1, read.source().files().size());
        assertTrue(read.provenance().contains("NOT pretrained") && read.provenance().contains("seed 0"), read.provenance());
        assertEquals(26, read.weights().tensorCount());
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = BackboneFactory.create("vgg16", BackboneConfig.torch(1.0, SIZE));
            backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            BackboneWeightImporter.importBase(out.resolve(BaseModelManifest.FILE), backbone.parameters());
            double err = maxAbs(forward(manager, backbone, export), export.output());
            assertTrue(err <= TOLERANCE, "the registered form gives the same output, error " + err);
        }
    }

    private static double maxError(Loaded loaded, Export export) throws Exception {
        return maxError(loaded.mapped().mapping().weights(), loaded.config(SIZE), loaded.mapped().architecture(), export);
    }

    private static double maxError(WeightSet weights, BackboneConfig config, String arch, Export export) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = BackboneFactory.create(arch, config);
            backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            ImportReport report = BackboneWeightImporter.importInto(weights, backbone.parameters(), true);
            assertEquals(backbone.parameters().size(), report.importedParameters().size());
            return maxAbs(forward(manager, backbone, export), export.output());
        }
    }

    private static float[] forward(NDManager manager, Backbone backbone, Export export) {
        NDArray x = manager.create(export.input(), new Shape(export.shape("inputShape")));
        NDArray y = backbone.block().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        assertEquals(new Shape(export.shape("outputShape")), y.getShape());
        return y.toFloatArray();
    }

    private static void importOntoNewBackbone(Loaded loaded, int size) throws ParameterMismatchException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = BackboneFactory.create(loaded.mapped().architecture(), loaded.config(size));
            backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            TorchvisionImporter.importInto(loaded, backbone);
        }
    }

    private static double maxAbs(float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        return worst;
    }
}
