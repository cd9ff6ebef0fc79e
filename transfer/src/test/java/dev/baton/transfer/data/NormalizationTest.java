package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static final int PIXEL = 0xFF8000; // r=255, g=128, b=0

    private static float[] apply(Normalization n) {
        float[] out = new float[3];
        n.apply(PIXEL, out);
        return out;
    }

    @Test
    void imagenetScalesToUnitThenStandardises() {
        assertArrayEquals(new float[] {(1f - 0.485f) / 0.229f, (128f / 255 - 0.456f) / 0.224f,
                (0f - 0.406f) / 0.225f}, apply(Normalization.IMAGENET), 1e-5f);
    }

    @Test
    void caffeIsBgrRawMinusMean() {
        assertArrayEquals(new float[] {0f - 103.939f, 128f - 116.779f, 255f - 123.68f},
                apply(Normalization.CAFFE), 1e-4f);
    }

    @Test
    void symmetricMapsToMinusOneOne() {
        assertArrayEquals(new float[] {1f, 128f / 127.5f - 1f, -1f}, apply(Normalization.SYMMETRIC), 1e-6f);
    }

    @Test
    void presetsByName() {
        assertEquals(Normalization.IMAGENET, Normalization.preset("ImageNet"));
        assertEquals(Normalization.CAFFE, Normalization.preset("caffe"));
        assertEquals(Normalization.SYMMETRIC, Normalization.preset("tf"));
        assertThrows(IllegalArgumentException.class, () -> Normalization.preset("what"));
    }

    @Test
    void jacksonRoundTrip() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(Normalization.CAFFE);
        assertEquals(Normalization.CAFFE, mapper.readValue(json, Normalization.class));
        Normalization parsed = mapper.readValue("{\"scale\":\"UNIT\",\"channelOrder\":\"RGB\","
                + "\"mean\":[0.5,0.5,0.5],\"std\":[0.5,0.5,0.5]}", Normalization.class);
        assertArrayEquals(new float[] {1f, 128f / 255 * 2 - 1, -1f}, apply(parsed), 1e-5f);
    }

    @Test
    void rejectsBadStd() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization(InputScale.UNIT, ChannelOrder.RGB,
                new float[] {0, 0, 0}, new float[] {1, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(InputScale.UNIT, ChannelOrder.RGB,
                new float[] {0, 0}, new float[] {1, 1, 1}));
    }
}
