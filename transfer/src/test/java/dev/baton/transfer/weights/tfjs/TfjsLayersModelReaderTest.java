package dev.baton.transfer.weights.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.transfer.weights.WeightFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reader tests on a small TF.js model generated here (fixed seed): float32, uint8, uint16 and float16
 * weights spread over a raw binary shard and a JS-module base64 shard, or embedded as weightData.
 */
class TfjsLayersModelReaderTest {
    private static final String MANIFEST = "{\"modelTopology\":{\"model_config\":{\"class_name\":\"Model\","
            + "\"config\":{\"layers\":[{\"name\":\"conv\",\"class_name\":\"Conv2D\",\"config\":{\"name\":\"conv\"}}]}}},"
            + "%s\"weightsManifest\":[{\"paths\":[\"group1-shard1of2\",\"group1-shard2of2\"],\"weights\":["
            + "{\"name\":\"conv/kernel\",\"shape\":[1,2,3,2],\"dtype\":\"float32\"},"
            + "{\"name\":\"bn/gamma\",\"shape\":[5],\"dtype\":\"float32\",\"quantization\":{\"min\":-0.75,\"scale\":0.0125,\"dtype\":\"uint8\"}},"
            + "{\"name\":\"bn/beta\",\"shape\":[3],\"dtype\":\"float32\",\"quantization\":{\"min\":-2.5,\"scale\":1.5e-4,\"dtype\":\"uint16\"}},"
            + "{\"name\":\"dense/bias\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"float16\"}}"
            + "]}]}";

    private float[] kernel;
    private int[] u8;
    private int[] u16;
    private byte[] data;

    @BeforeEach
    void generate() {
        Random rnd = new Random(20261129L);
        kernel = new float[12];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) rnd.nextGaussian();
        }
        u8 = new int[] {0, 1, 127, 200, 255};
        u16 = new int[] {0, 40000, 65535};
        ByteBuffer b = ByteBuffer.allocate(12 * 4 + 5 + 3 * 2 + 2 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : kernel) {
            b.putFloat(v);
        }
        for (int v : u8) {
            b.put((byte) v);
        }
        for (int v : u16) {
            b.putShort((short) v);
        }
        b.putShort((short) 0x3C00); // 1.0
        b.putShort((short) 0xC100); // -2.5
        data = b.array();
    }

    private void check(TfjsLayersModel model) throws Exception {
        assertEquals(4, model.weightSpecs().size());
        assertEquals("Conv2D", model.layers().get(0).path("class_name").asText());
        assertEquals("conv", model.layerConfig("conv").path("name").asText());
        assertArrayEquals(new long[] {1, 2, 3, 2}, model.weights().require("conv/kernel").shape());
        assertArrayEquals(kernel, model.weights().require("conv/kernel").values());
        float[] gamma = model.weights().require("bn/gamma").values();
        for (int i = 0; i < u8.length; i++) {
            assertEquals((float) (u8[i] * 0.0125 + -0.75), gamma[i]);
        }
        float[] beta = model.weights().require("bn/beta").values();
        for (int i = 0; i < u16.length; i++) {
            assertEquals((float) (u16[i] * 1.5e-4 + -2.5), beta[i]);
        }
        assertArrayEquals(new float[] {1.0f, -2.5f}, model.weights().require("dense/bias").values());
    }

    @Test
    void readsBinaryAndJsModuleShards(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), String.format(MANIFEST, ""));
        int split = 20; // splits the float32 kernel across shards, as TF.js does
        Files.write(dir.resolve("group1-shard1of2"), Arrays.copyOfRange(data, 0, split));
        Files.writeString(dir.resolve("group1-shard2of2.min.js"), "!function(e){module.exports=e()}(function(){"
                + "return {1:[function(e,h,n){h.exports=\""
                + Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, split, data.length)) + "\"},{}]}});");
        check(TfjsLayersModelReader.read(dir.resolve("model.json")));
    }

    @Test
    void readsJsWrappedModelWithEmbeddedWeightData(@TempDir Path dir) throws Exception {
        String json = String.format(MANIFEST, "\"weightData\":\"" + Base64.getEncoder().encodeToString(data) + "\",");
        Files.writeString(dir.resolve("model.min.js"), "(function(){a.exports=" + json + "})();");
        check(TfjsLayersModelReader.read(dir.resolve("model.min.js")));
    }

    @Test
    void rejectsTruncatedAndOversizedData(@TempDir Path dir) throws Exception {
        String truncated = String.format(MANIFEST, "\"weightData\":\""
                + Base64.getEncoder().encodeToString(Arrays.copyOf(data, data.length - 1)) + "\",");
        Files.writeString(dir.resolve("a.json"), truncated);
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> TfjsLayersModelReader.read(dir.resolve("a.json")));
        assertTrue(e.getMessage().contains("dense/bias"), e.getMessage());

        ByteArrayOutputStream longer = new ByteArrayOutputStream();
        longer.writeBytes(data);
        longer.write(0);
        Files.writeString(dir.resolve("b.json"), String.format(MANIFEST, "\"weightData\":\""
                + Base64.getEncoder().encodeToString(longer.toByteArray()) + "\","));
        assertThrows(WeightFormatException.class, () -> TfjsLayersModelReader.read(dir.resolve("b.json")));

        Files.writeString(dir.resolve("c.json"), String.format(MANIFEST, "").replace("uint16", "int4"));
        assertThrows(WeightFormatException.class, () -> TfjsLayersModelReader.read(dir.resolve("c.json")));

        Files.writeString(dir.resolve("d.json"), String.format(MANIFEST, ""));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> TfjsLayersModelReader.read(dir.resolve("d.json")));
    }

    @Test
    void decodesHalfFloats() {
        assertEquals(0f, TfjsLayersModelReader.halfToFloat((short) 0));
        assertEquals(65504f, TfjsLayersModelReader.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, TfjsLayersModelReader.halfToFloat((short) 1));
        assertEquals(-0.333251953125f, TfjsLayersModelReader.halfToFloat((short) 0xB555));
        assertTrue(Float.isInfinite(TfjsLayersModelReader.halfToFloat((short) 0x7C00)));
        assertTrue(Float.isNaN(TfjsLayersModelReader.halfToFloat((short) 0x7E00)));
    }
}
