package dev.baton.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.weights.BackboneWeightImporter;
import dev.baton.transfer.weights.BaseModelManifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code baton base import-torchvision} against the real S3Proxy: a TorchScript MobileNetV2 written by
 * deploy/base-models/export_torchvision.py (seeded random weights, Debian's python3-torchvision) is
 * registered under its name, listed, downloaded by name and loaded onto a backbone that reproduces
 * torchvision's output; a wrong architecture fails with the parameter named and registers nothing.
 */
class BaseImportTorchvisionTest {
    private static final Path ROOT = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();
    private static final String PYTHON = "/usr/bin/python3";
    private static final String NAME = "test-tv-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String WRONG = NAME + "-wrong";
    private static final int SIZE = 64;

    private static Path model;
    private static JsonNode reference;
    private static ObjectStore store;

    @BeforeAll
    static void export() throws Exception {
        Path dir = Files.createDirectories(ROOT.resolve("cli/target/torchvision"));
        model = dir.resolve("mobilenet_v2-seed3.pt");
        Path ref = dir.resolve("mobilenet_v2-seed3.json");
        Process p;
        try {
            p = new ProcessBuilder(PYTHON, ROOT.resolve("deploy/base-models/export_torchvision.py").toString(),
                    "--arch", "mobilenet_v2", "--weights", "none", "--seed", "3", "--reference-size", Integer.toString(SIZE),
                    "--out", model.toString(), "--reference", ref.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            fail(PYTHON + " is missing: this test needs Debian's python3-torchvision (.ci/run installs it)", e);
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            fail("export_torchvision.py failed; this test needs Debian's python3-torchvision "
                    + "(apt-get install python3-torchvision; .ci/run installs it):\n" + out);
        }
        reference = new JsonMapper().readTree(ref.toFile());
        store = ObjectStore.connect(new ObjectStoreConfig(System.getProperty("baton.s3.endpoint"),
                System.getProperty("baton.s3.access-key"), System.getProperty("baton.s3.secret-key"), "us-east-1"));
    }

    @AfterAll
    static void removeTestBases() {
        if (store != null) {
            store.deletePrefix(ObjectKeys.MODELS_BUCKET, ObjectKeys.baseModelPrefix(NAME));
            store.deletePrefix(ObjectKeys.MODELS_BUCKET, ObjectKeys.baseModelPrefix(WRONG));
        }
    }

    private static int cli(StringWriter err, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--s3-endpoint", System.getProperty("baton.s3.endpoint"),
                "--s3-access-key", System.getProperty("baton.s3.access-key"),
                "--s3-secret-key", System.getProperty("baton.s3.secret-key")));
        return new CommandLine(new BatonCommand()).setExecutionExceptionHandler(new FriendlyErrors())
                .setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    }

    @Test
    void importedBaseIsRegisteredAndLoadsByName(@TempDir Path download) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(0, cli(err, "base", "import-torchvision", model.toString(), "--name", NAME), err.toString());

        BaseModelRegistry registry = new BaseModelRegistry(store);
        assertTrue(registry.list().contains(NAME), registry.list().toString());
        JsonNode manifest = registry.manifest(NAME).orElseThrow();
        assertEquals("mobilenet_v2", manifest.path("architecture").path("name").asText());
        assertEquals("UNIT", manifest.path("normalization").path("scale").asText());
        assertEquals("RGB", manifest.path("normalization").path("channelOrder").asText());
        assertEquals(0.485, manifest.path("normalization").path("mean").path(0).asDouble());
        assertEquals("BSD-3-Clause", manifest.path("licence").asText());

        Path folder = registry.download(NAME, download);
        Path manifestFile = folder.resolve(BaseModelManifest.FILE);
        BaseModelManifest read = BaseModelManifest.read(manifestFile);
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = BackboneFactory.create(read.baseModel(), new BackboneConfig(
                    read.architecture().widthMultiplier(), SIZE, (float) read.architecture().batchNormEpsilon(),
                    dev.baton.transfer.model.PaddingMode.valueOf(read.architecture().paddingMode())));
            backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            BackboneWeightImporter.importBase(manifestFile, backbone.parameters());
            NDArray x = manager.create(floats(reference.path("input")), new Shape(2, 3, SIZE, SIZE));
            float[] y = backbone.block().forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            float[] expected = floats(reference.path("output"));
            assertEquals(expected.length, y.length);
            double worst = 0;
            for (int i = 0; i < y.length; i++) {
                worst = Math.max(worst, Math.abs(y[i] - expected[i]));
            }
            System.out.printf("registered torchvision base, loaded by name, vs torchvision: max abs error %.3g%n", worst);
            assertTrue(worst <= 1e-4, "max abs error " + worst);
        }
    }

    @Test
    void wrongArchitectureFailsNamingTheParameterAndRegistersNothing() {
        StringWriter err = new StringWriter();
        assertEquals(1, cli(err, "base", "import-torchvision", model.toString(), "--name", WRONG,
                "--architecture", "vgg16"));
        assertTrue(err.toString().contains("'features.0.weight'"), err.toString());
        assertFalse(new BaseModelRegistry(store).contains(WRONG));
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
