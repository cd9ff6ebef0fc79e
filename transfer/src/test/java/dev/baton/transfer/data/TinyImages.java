package dev.baton.transfer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes small generated images for tests. */
final class TinyImages {
    private TinyImages() {
    }

    /** A w x h RGB image of one colour. */
    static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** A w x h RGB image with random pixels from {@code seed}. */
    static BufferedImage noise(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }

    /** A left half red, right half blue image: flips are visible. */
    static BufferedImage halves(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? 0xFF0000 : 0x0000FF);
            }
        }
        return img;
    }

    /** A grayscale (one band) image of one gray value. */
    static BufferedImage gray(int w, int h, int value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        return img;
    }

    static Path write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String format = file.getFileName().toString().endsWith(".png") ? "png" : "jpg";
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return file;
    }

    /** A JPEG cut in half (decoders warn or fail). */
    static Path writeTruncatedJpeg(Path file) throws IOException {
        Path full = write(noise(32, 32, 7), file);
        byte[] bytes = Files.readAllBytes(full);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        return file;
    }

    /** A file named like a PNG holding text. */
    static Path writeGarbage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "this is not an image");
    }

    /**
     * A dataset of {@code classes} classes ("c0", "c1", ...) with {@code perClass} noise images each,
     * alternating PNG and JPEG, 16x12 pixels.
     */
    static Path dataset(Path root, int classes, int perClass) throws IOException {
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                String ext = i % 2 == 0 ? ".png" : ".jpg";
                write(noise(16, 12, c * 1000L + i), root.resolve("c" + c).resolve("img" + i + ext));
            }
        }
        return root;
    }
}
