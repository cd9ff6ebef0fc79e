package dev.baton.transfer.data;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageReader;

/**
 * Refuses an image from its header alone: the JDK readers allocate the pixel buffer from the size
 * the header declares, so a 331-byte JPEG declaring 30000x30000 would ask for gigabytes. The guard
 * reads width, height and (where the format says it without a scan) the frame count, and refuses
 * more than {@code maxPixels} pixels or {@code maxFrames} frames before a single pixel is read.
 * Every decoder in Baton goes through it ({@link ImageDecoder}). Thread-safe and immutable.
 */
public final class ImageGuard {
    /** The default pixel limit: 40 megapixels (a 7700x5200 photo), about 160 MB decoded as RGB. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /** The default frame limit (animated GIFs; only the first frame is ever decoded). */
    public static final int DEFAULT_MAX_FRAMES = 1_000;

    private final long maxPixels;
    private final int maxFrames;

    /** @param maxPixels the most pixels (width times height) an image may declare */
    public ImageGuard(long maxPixels) {
        this(maxPixels, DEFAULT_MAX_FRAMES);
    }

    /**
     * @param maxPixels the most pixels (width times height) an image may declare
     * @param maxFrames the most frames an image may declare
     */
    public ImageGuard(long maxPixels, int maxFrames) {
        if (maxPixels <= 0 || maxFrames <= 0) {
            throw new IllegalArgumentException("maxPixels and maxFrames must be > 0");
        }
        this.maxPixels = maxPixels;
        this.maxFrames = maxFrames;
    }

    /** @return a guard with {@link #DEFAULT_MAX_PIXELS} and {@link #DEFAULT_MAX_FRAMES} */
    public static ImageGuard defaults() {
        return new ImageGuard(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FRAMES);
    }

    /** @return the most pixels an image may declare */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Checks the header of the image the reader is set on; reads no pixels.
     *
     * @param reader a reader whose input is set
     * @param path the file or a label for it, for messages
     * @return the declared size
     * @throws ImageTooLargeException when the header declares too many pixels or frames
     * @throws IOException when the header cannot be read
     */
    public ImageSize check(ImageReader reader, Path path) throws IOException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new UnreadableImageException(path, "the header declares " + width + "x" + height + " pixels", null);
        }
        if (width * height > maxPixels) {
            throw new ImageTooLargeException(path, "the header declares " + width + "x" + height + " = "
                    + width * height + " pixels, more than the limit of " + maxPixels, width, height, maxPixels);
        }
        int frames = reader.getNumImages(false);
        if (frames > maxFrames) {
            throw new ImageTooLargeException(path, "the header declares " + frames + " frames, more than the limit of "
                    + maxFrames, width, height, maxPixels);
        }
        return new ImageSize((int) width, (int) height, frames);
    }

    /**
     * What a header declares.
     *
     * @param width the width in pixels
     * @param height the height in pixels
     * @param frames the frame count, or -1 when the format cannot tell without reading every frame
     */
    public record ImageSize(int width, int height, int frames) {
    }
}
