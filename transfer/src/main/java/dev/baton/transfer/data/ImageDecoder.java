package dev.baton.transfer.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG/PNG files with {@code javax.imageio} into 8-bit RGB images
 * ({@link BufferedImage#TYPE_INT_RGB}). Grayscale becomes RGB by replicating the gray value (no
 * colour-space gamma conversion), palettes are expanded and alpha is dropped (as Pillow's
 * {@code convert("RGB")}). Decoder warnings (e.g. a truncated JPEG) count as failures. Every image
 * passes its {@link ImageGuard} first: one declaring too many pixels is refused with an
 * {@link ImageTooLargeException} before any pixel buffer is allocated. Thread-safe.
 */
public final class ImageDecoder {
    private final ImageGuard guard;

    /** A decoder with {@link ImageGuard#defaults()}. */
    public ImageDecoder() {
        this(ImageGuard.defaults());
    }

    /** @param guard the header check every image passes before it is decoded */
    public ImageDecoder(ImageGuard guard) {
        this.guard = guard;
    }

    /** @return the guard every image passes */
    public ImageGuard guard() {
        return guard;
    }

    /** Decodes the file fully; throws when it is not a readable image. */
    public BufferedImage decode(Path path) throws UnreadableImageException {
        try (InputStream raw = Files.newInputStream(path)) {
            return decode(raw, path);
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException e) {
            throw new UnreadableImageException(path, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Decodes in-memory bytes (e.g. an uploaded image at inference time).
     *
     * @param name a label for error messages (e.g. the upload's file name)
     */
    public BufferedImage decode(byte[] bytes, String name) throws UnreadableImageException {
        return decode(new ByteArrayInputStream(bytes), Path.of(name));
    }

    private BufferedImage decode(InputStream raw, Path path) throws UnreadableImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(raw)) {
            ImageReader reader = readerFor(path, in);
            try {
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                guard.check(reader, path);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new UnreadableImageException(path, String.join("; ", warnings), null);
                }
                return toRgb(image);
            } finally {
                reader.dispose();
            }
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(path, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Reads only the header; returns {@code {width, height}}. Cheaper than {@link #decode}.
     *
     * @throws ImageTooLargeException when the header declares more than the guard allows
     */
    public int[] readSize(Path path) throws UnreadableImageException {
        try (InputStream raw = Files.newInputStream(path)) {
            ImageGuard.ImageSize size = inspect(raw, path);
            return new int[] {size.width(), size.height()};
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException e) {
            throw new UnreadableImageException(path, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Reads only the header of in-memory bytes and applies the guard; no pixel is decoded.
     *
     * @param name a label for error messages
     * @return the declared size
     * @throws ImageTooLargeException when the header declares more than the guard allows
     * @throws UnreadableImageException when it is not a readable image header
     */
    public ImageGuard.ImageSize inspect(byte[] bytes, String name) throws UnreadableImageException {
        return inspect(new ByteArrayInputStream(bytes), Path.of(name));
    }

    private ImageGuard.ImageSize inspect(InputStream raw, Path path) throws UnreadableImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(raw)) {
            ImageReader reader = readerFor(path, in);
            try {
                reader.setInput(in, true, true);
                return guard.check(reader, path);
            } finally {
                reader.dispose();
            }
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(path, String.valueOf(e.getMessage()), e);
        }
    }

    private static ImageReader readerFor(Path path, ImageInputStream in) throws UnreadableImageException {
        if (in == null) {
            throw new UnreadableImageException(path, "cannot open", null);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new UnreadableImageException(path, "not a JPEG or PNG image", null);
        }
        return readers.next();
    }

    /** Converts any decoded image to {@link BufferedImage#TYPE_INT_RGB} without gamma changes. */
    public static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
        ColorModel cm = src.getColorModel();
        Raster raster = src.getRaster();
        boolean gray = !(cm instanceof IndexColorModel) && cm.getNumColorComponents() == 1;
        if (gray) {
            int bits = cm.getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits == 8 ? row[x] : (int) Math.round(row[x] * 255.0 / ((1 << bits) - 1));
                    out[y * w + x] = (v << 16) | (v << 8) | v;
                }
            }
        } else {
            src.getRGB(0, 0, w, h, out, 0, w);
            for (int i = 0; i < out.length; i++) {
                out[i] &= 0xFFFFFF;
            }
        }
        return dst;
    }
}
