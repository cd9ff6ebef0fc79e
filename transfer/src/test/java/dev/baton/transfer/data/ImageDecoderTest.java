package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void grayscalePngBecomesRgbWithTheSameValue() throws Exception {
        Path file = TinyImages.write(TinyImages.gray(5, 4, 100), dir.resolve("g.png"));
        BufferedImage img = decoder.decode(file);
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        assertEquals(5, img.getWidth());
        assertEquals(4, img.getHeight());
        assertEquals(0x646464, img.getRGB(2, 2) & 0xFFFFFF);
    }

    @Test
    void rgbPngKeepsExactPixels() throws Exception {
        BufferedImage src = TinyImages.noise(7, 3, 1);
        BufferedImage img = decoder.decode(TinyImages.write(src, dir.resolve("n.png")));
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 7; x++) {
                assertEquals(src.getRGB(x, y), img.getRGB(x, y));
            }
        }
    }

    @Test
    void alphaIsDroppedNotComposited() throws Exception {
        BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80336699);
        BufferedImage img = decoder.decode(TinyImages.write(argb, dir.resolve("a.png")));
        assertEquals(0x336699, img.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void truncatedJpegAndGarbageAreUnreadable() throws Exception {
        Path truncated = TinyImages.writeTruncatedJpeg(dir.resolve("t.jpg"));
        Path garbage = TinyImages.writeGarbage(dir.resolve("x.png"));
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> decoder.decode(truncated));
        assertEquals(truncated, e.path());
        assertThrows(UnreadableImageException.class, () -> decoder.decode(garbage));
        assertThrows(UnreadableImageException.class, () -> decoder.readSize(garbage));
    }

    @Test
    void decodesInMemoryBytes() throws Exception {
        Path file = TinyImages.write(TinyImages.solid(3, 3, 0x123456), dir.resolve("s.png"));
        BufferedImage img = decoder.decode(java.nio.file.Files.readAllBytes(file), "upload.png");
        assertEquals(0x123456, img.getRGB(1, 1) & 0xFFFFFF);
        UnreadableImageException e = assertThrows(UnreadableImageException.class,
                () -> decoder.decode(new byte[] {1, 2, 3}, "upload.png"));
        assertEquals(Path.of("upload.png"), e.path());
    }
}
