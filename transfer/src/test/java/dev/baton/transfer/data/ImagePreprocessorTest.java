package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
    private static final Normalization IDENTITY_UNIT = new Normalization(InputScale.UNIT, ChannelOrder.RGB,
            new float[] {0, 0, 0}, new float[] {1, 1, 1});

    @Test
    void producesChwFloat32OfTheInputSize() {
        ImagePreprocessor p = new ImagePreprocessor(6, 8, Normalization.IMAGENET);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = p.toNDArray(m, TinyImages.noise(20, 10, 1));
            assertEquals(new Shape(3, 6, 8), x.getShape());
            assertEquals(DataType.FLOAT32, x.getDataType());
            NDArray batch = p.toBatch(m, List.of(TinyImages.noise(5, 5, 1), TinyImages.gray(9, 3, 10)));
            assertEquals(new Shape(2, 3, 6, 8), batch.getShape());
        }
    }

    @Test
    void solidColourGivesConstantNormalisedPlanes() {
        ImagePreprocessor p = new ImagePreprocessor(4, Normalization.CAFFE);
        float[] chw = p.toChw(TinyImages.solid(10, 7, 0x102030), Augmentation.NONE, null);
        int plane = 16;
        for (int i = 0; i < plane; i++) {
            assertEquals(0x30 - 103.939f, chw[i], 1e-4f); // B first
            assertEquals(0x20 - 116.779f, chw[plane + i], 1e-4f);
            assertEquals(0x10 - 123.68f, chw[2 * plane + i], 1e-4f);
        }
    }

    @Test
    void grayscaleInputGivesThreeEqualChannels() {
        ImagePreprocessor p = new ImagePreprocessor(5, IDENTITY_UNIT);
        float[] chw = p.toChw(TinyImages.gray(5, 5, 51), Augmentation.NONE, null);
        for (float v : chw) {
            assertEquals(0.2f, v, 1e-6f);
        }
    }

    @Test
    void flipMirrorsTheImage() {
        ImagePreprocessor p = new ImagePreprocessor(4, IDENTITY_UNIT);
        BufferedImage img = TinyImages.halves(8, 8);
        Augmentation flipOnly = new Augmentation(null, true);
        float[] plain = p.toChw(img, Augmentation.NONE, null);
        assertEquals(1f, plain[0], 1e-6f); // red plane, top-left: red
        boolean sawFlip = false;
        boolean sawPlain = false;
        Random rng = new Random(5);
        for (int i = 0; i < 20; i++) {
            float[] out = p.toChw(img, flipOnly, rng);
            if (out[0] == 0f) {
                sawFlip = true;
                assertEquals(1f, out[3], 1e-6f); // top-right is now red
            } else {
                sawPlain = true;
                assertArrayEquals(plain, out);
            }
        }
        assertTrue(sawFlip && sawPlain);
    }

    @Test
    void augmentationIsReproducibleForTheSameSeed() {
        ImagePreprocessor p = new ImagePreprocessor(12, Normalization.IMAGENET);
        BufferedImage img = TinyImages.noise(30, 20, 3);
        float[] a = p.toChw(img, Augmentation.STANDARD, new Random(11));
        float[] b = p.toChw(img, Augmentation.STANDARD, new Random(11));
        float[] c = p.toChw(img, Augmentation.STANDARD, new Random(12));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void randomResizedCropStaysInsideTheImageAndInTheAreaRange() {
        RandomResizedCrop crop = new RandomResizedCrop(0.3, 0.6, 0.75, 1.333);
        Random rng = new Random(1);
        for (int i = 0; i < 200; i++) {
            Rectangle r = crop.window(50, 40, rng);
            assertTrue(r.x >= 0 && r.y >= 0 && r.x + r.width <= 50 && r.y + r.height <= 40, r.toString());
            double share = (double) r.width * r.height / (50 * 40);
            assertTrue(share > 0.25 && share < 0.7, "share " + share);
        }
    }

    @Test
    void impossibleCropFallsBackToCentre() {
        RandomResizedCrop crop = new RandomResizedCrop(1.0, 1.0, 2.0, 3.0);
        assertEquals(new Rectangle(0, 8, 20, 10), crop.window(20, 26, new Random(0)));
    }
}
