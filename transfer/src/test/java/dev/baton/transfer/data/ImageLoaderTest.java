package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
    @TempDir
    Path dir;

    @Test
    void shrinksLargeImagesKeepingTheAspectRatio() throws Exception {
        Path file = TinyImages.write(TinyImages.noise(80, 40, 1), dir.resolve("big.png"));
        BufferedImage img = new ImageLoader(20, 0).load(file);
        assertEquals(40, img.getWidth());
        assertEquals(20, img.getHeight());
        Path small = TinyImages.write(TinyImages.noise(10, 30, 1), dir.resolve("small.png"));
        BufferedImage kept = new ImageLoader(20, 0).load(small);
        assertEquals(10, kept.getWidth());
        assertEquals(30, kept.getHeight());
    }

    @Test
    void cacheStopsAtItsBudget() throws Exception {
        Path a = TinyImages.write(TinyImages.noise(10, 10, 1), dir.resolve("a.png"));
        Path b = TinyImages.write(TinyImages.noise(10, 10, 2), dir.resolve("b.png"));
        ImageLoader loader = new ImageLoader(100, 400); // room for one 10x10 image (4 bytes per pixel)
        BufferedImage first = loader.load(a);
        assertSame(first, loader.load(a));
        loader.load(b);
        loader.load(b);
        assertEquals(3, loader.decodeCount());
        assertTrue(loader.cachedBytes() <= 400);
    }
}
