package dev.baton.transfer.weights.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.transfer.weights.MappingResult;
import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightFormatException;
import dev.baton.transfer.weights.WeightSet;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the tiny Keras .h5 fixtures made by deploy/base-models/make-h5-fixtures.py (python3-h5py). */
class KerasH5WeightsReaderTest {
    private static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = KerasH5WeightsReaderTest.class.getResourceAsStream("/weights/h5/h5-fixtures.json")) {
            expected = new JsonMapper().readTree(in);
        }
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(KerasH5WeightsReaderTest.class.getResource("/weights/h5/" + name).toURI());
    }

    private static WeightSet readAndCheck(String file) throws Exception {
        WeightSet w = KerasH5WeightsReader.read(fixture(file));
        JsonNode exp = expected.path(file);
        List<String> names = new ArrayList<>();
        exp.fieldNames().forEachRemaining(names::add);
        assertEquals(names.stream().sorted().toList(), w.names().stream().sorted().toList());
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) exp::fields) {
            NamedTensor t = w.require(e.getKey());
            long[] shape = new long[e.getValue().path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().path("shape").get(i).asLong();
            }
            assertArrayEquals(shape, t.shape(), e.getKey());
            float[] values = new float[e.getValue().path("values").size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) e.getValue().path("values").get(i).asDouble();
            }
            assertArrayEquals(values, t.values(), e.getKey());
        }
        return w;
    }

    @Test
    void readsKeras1Vgg16LayoutAndMapsIt() throws Exception {
        WeightSet w = readAndCheck("keras1-vgg16-tiny.h5");
        assertEquals(List.of("block1_conv1/block1_conv1_W_1:0", "block1_conv1/block1_conv1_b_1:0",
                "block1_conv2/block1_conv2_W_1:0", "block1_conv2/block1_conv2_b_1:0"), List.copyOf(w.names()));
        MappingResult r = KerasVgg16Mapping.map(w);
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias"),
                List.copyOf(r.weights().names()));
        assertArrayEquals(new long[] {2, 3, 3, 3}, r.weights().require("features.0.weight").shape());
    }

    @Test
    void readsKeras2MobileNetV2LayoutsAndMapsThem() throws Exception {
        for (String file : List.of("keras2-mobilenet_v2-tiny.h5", "keras2-full-model-tiny.h5")) {
            WeightSet w = readAndCheck(file);
            assertEquals("Conv1/Conv1/kernel:0", w.names().iterator().next());
            MappingResult r = KerasMobileNetV2Mapping.map(w);
            assertEquals(List.of(), r.unmappedSourceNames());
            assertEquals(List.of("features.0.0.weight", "features.0.1.weight", "features.0.1.bias",
                    "features.0.1.running_mean", "features.0.1.running_var", "features.1.conv.0.0.weight"),
                    List.copyOf(r.weights().names()));
            assertArrayEquals(new long[] {4, 1, 3, 3}, r.weights().require("features.1.conv.0.0.weight").shape());
        }
    }

    @Test
    void rejectsFilesThatAreNotKerasWeights(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.h5");
        Files.write(junk, new byte[] {1, 2, 3, 4});
        assertThrows(WeightFormatException.class, () -> KerasH5WeightsReader.read(junk));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> KerasH5WeightsReader.read(dir.resolve("none.h5")));
    }
}
