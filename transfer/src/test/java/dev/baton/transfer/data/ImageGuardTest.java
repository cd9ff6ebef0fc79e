package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.transfer.testing.HostileImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images whose headers declare more pixels than allowed are refused before any pixel is decoded. */
class ImageGuardTest {
    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder(new ImageGuard(1_000_000));

    @Test
    void aTinyJpegDeclaring30000SquaredIsRefusedNamingTheLimit() {
        byte[] jpeg = HostileImages.jpegDeclaring(30000, 30000);
        assertTrue(jpeg.length < 1000, "a few hundred bytes: " + jpeg.length);
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class, () -> decoder.decode(jpeg, "bomb.jpg"));
        assertEquals(30000, e.width());
        assertEquals(30000, e.height());
        assertTrue(e.reason().contains("30000x30000") && e.reason().contains("limit of 1000000"), e.reason());
        assertThrows(ImageTooLargeException.class, () -> new ImageDecoder().decode(jpeg, "bomb.jpg"),
                "the default guard refuses it too");
    }

    @Test
    void aSmallPngOf20000SquaredIsRefusedByDecodeAndHeaderReadAlike() throws Exception {
        byte[] png = HostileImages.greyPng(20000);
        assertTrue(png.length < 1_000_000, "a few hundred kB: " + png.length);
        Path file = Files.write(dir.resolve("grey.png"), png);
        assertThrows(ImageTooLargeException.class, () -> decoder.decode(file));
        assertThrows(ImageTooLargeException.class, () -> decoder.readSize(file));
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class, () -> decoder.inspect(png, "grey.png"));
        assertEquals(1_000_000, e.limit());
    }

    @Test
    void imagesWithinTheLimitDecodeAndReportTheirSize() throws Exception {
        Path file = TinyImages.write(TinyImages.noise(1000, 1000, 3), dir.resolve("ok.png"));
        BufferedImage image = decoder.decode(file);
        assertEquals(1000, image.getWidth());
        ImageGuard.ImageSize size = decoder.inspect(Files.readAllBytes(file), "ok.png");
        assertEquals(1000, size.width());
        assertEquals(1000, size.height());
    }

    @Test
    void aDatasetSkipsTheOversizedImageWithTheReason() throws Exception {
        Path root = TinyImages.dataset(dir.resolve("ds"), 2, 3);
        Files.write(root.resolve("c0").resolve("bomb.jpg"), HostileImages.jpegDeclaring(30000, 30000));
        ImageFolderIndex index = new ImageFolderScanner(CorruptionLimit.count(10),
                ImageFolderScanner.Verification.DECODE).scan(root);
        assertEquals(6, index.samples().size());
        assertEquals(1, index.skipped().size());
        assertTrue(index.skipped().get(0).reason().contains("more than the limit of " + ImageGuard.DEFAULT_MAX_PIXELS),
                index.skipped().get(0).reason());
    }
}
