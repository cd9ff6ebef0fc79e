package dev.baton.transfer.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    private static WeightSet sample() {
        Random rnd = new Random(99);
        float[] a = new float[2 * 3 * 3 * 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        return WeightSet.of(List.of(
                new NamedTensor("features.0.0.weight", new long[] {2, 3, 3, 3}, a),
                new NamedTensor("features.0.1.running_var", new long[] {2}, new float[] {1.5f, -0f}),
                new NamedTensor("scalar", new long[] {}, new float[] {7f})));
    }

    @Test
    void roundTripsDeterministicallyInTheSafetensorsLayout(@TempDir Path dir) throws Exception {
        WeightSet w = sample();
        Path f = dir.resolve("w.safetensors");
        String sha = SafetensorsFile.write(f, w, Map.of("source", "test"));
        assertEquals(sha, SafetensorsFile.sha256(f));
        assertEquals(sha, SafetensorsFile.write(dir.resolve("again.safetensors"), w, Map.of("source", "test")));

        WeightSet back = SafetensorsFile.read(f);
        assertEquals(w.tensors(), back.tensors());
        assertEquals(Map.of("source", "test"), SafetensorsFile.readMetadata(f));

        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        JsonNode header = new JsonMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals("F32", header.path("features.0.0.weight").path("dtype").asText());
        assertEquals("[0,216]", header.path("features.0.0.weight").path("data_offsets").toString());
        assertEquals("[216,224]", header.path("features.0.1.running_var").path("data_offsets").toString());
        assertEquals(8 + n + 4L * (54 + 2 + 1), bytes.length);
        float first = ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(w.require("features.0.0.weight").values()[0], first);
    }

    @Test
    void rejectsMalformedFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.safetensors");
        SafetensorsFile.write(f, sample(), Map.of());
        byte[] bytes = Files.readAllBytes(f);
        Path truncated = dir.resolve("t.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 4));
        assertThrows(WeightFormatException.class, () -> SafetensorsFile.read(truncated));
        Path garbage = dir.resolve("g.safetensors");
        Files.write(garbage, new byte[] {1, 2, 3});
        assertThrows(WeightFormatException.class, () -> SafetensorsFile.read(garbage));
        Path f16 = dir.resolve("h.safetensors");
        Files.write(f16, new String(bytes, StandardCharsets.ISO_8859_1).replace("\"F32\"", "\"F16\"")
                .getBytes(StandardCharsets.ISO_8859_1));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> SafetensorsFile.read(f16));
        assertTrue(e.getMessage().contains("F16"));
    }

    @Test
    void manifestDetectsAChangedWeightsFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.safetensors");
        String sha = SafetensorsFile.write(f, sample(), Map.of());
        BaseModelManifest m = new BaseModelManifest(1, "mobilenet_v2",
                new BaseModelManifest.Architecture("mobilenet_v2", "torchvision", 1.0, 224, "NCHW", 1280, 1e-3, "TF_SAME"),
                new BaseModelManifest.NormalizationSpec("SYMMETRIC", "RGB", List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)),
                "x/127.5-1", new BaseModelManifest.Source("test", "p", "1", Map.of("b", "2", "a", "1")),
                "MIT", "test", new BaseModelManifest.WeightsFile("w.safetensors", "safetensors", sha, 3, 57));
        m.write(dir.resolve("m.json"));
        BaseModelManifest read = BaseModelManifest.read(dir.resolve("m.json"));
        assertEquals(m, read);
        assertEquals(f, read.verifiedWeightsFile(dir));
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 1] ^= 1;
        Files.write(f, bytes);
        assertThrows(WeightFormatException.class, () -> read.verifiedWeightsFile(dir));
        Files.writeString(dir.resolve("bad.json"), "{\"formatVersion\":\"x\"}");
        assertThrows(WeightFormatException.class, () -> BaseModelManifest.read(dir.resolve("bad.json")));
    }
}
