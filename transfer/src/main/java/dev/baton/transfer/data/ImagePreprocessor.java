package dev.baton.transfer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Turns an RGB image into a model input: optional augmentation (crop, flip), bilinear resize to
 * {@code height x width}, then {@link Normalization}. Output is a CHW float32 {@link NDArray} of
 * shape (3, H, W), or an NCHW batch. Thread-safe; the same image, augmentation and generator state
 * always give the same values.
 */
public final class ImagePreprocessor {
    private final int height;
    private final int width;
    private final Normalization normalization;

    /**
     * @param height model input height in pixels
     * @param width model input width in pixels
     * @param normalization the backbone's input normalisation
     */
    public ImagePreprocessor(int height, int width, Normalization normalization) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("size must be positive: " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.normalization = Objects.requireNonNull(normalization, "normalization");
    }

    /** Square input of {@code size x size}. */
    public ImagePreprocessor(int size, Normalization normalization) {
        this(size, size, normalization);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** The (3, H, W) input for validation/inference: plain resize, no augmentation. */
    public NDArray toNDArray(NDManager manager, BufferedImage image) {
        return toNDArray(manager, image, Augmentation.NONE, null);
    }

    /**
     * The (3, H, W) input with augmentation drawn from {@code rng} ({@code rng} may be null when
     * {@code augmentation} is {@link Augmentation#NONE}).
     */
    public NDArray toNDArray(NDManager manager, BufferedImage image, Augmentation augmentation, Random rng) {
        float[] chw = toChw(image, augmentation, rng);
        return manager.create(FloatBuffer.wrap(chw), new Shape(3, height, width));
    }

    /** A (N, 3, H, W) batch for inference, no augmentation. */
    public NDArray toBatch(NDManager manager, List<BufferedImage> images) {
        int plane = 3 * height * width;
        float[] all = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(toChw(images.get(i), Augmentation.NONE, null), 0, all, i * plane, plane);
        }
        return manager.create(FloatBuffer.wrap(all), new Shape(images.size(), 3, height, width));
    }

    /** The normalised CHW values as a flat array of length 3*H*W. */
    public float[] toChw(BufferedImage image, Augmentation augmentation, Random rng) {
        BufferedImage rgb = ImageDecoder.toRgb(image);
        Rectangle window = new Rectangle(0, 0, rgb.getWidth(), rgb.getHeight());
        boolean flip = false;
        if (!augmentation.isIdentity()) {
            Objects.requireNonNull(rng, "rng is needed for augmentation");
            if (augmentation.crop() != null) {
                window = augmentation.crop().window(rgb.getWidth(), rgb.getHeight(), rng);
            }
            flip = augmentation.horizontalFlip() && rng.nextBoolean();
        }
        int[] pixels = resize(rgb, window, flip);
        return normalize(pixels);
    }

    /** Crops {@code window}, flips if asked and resizes bilinearly to H x W; returns 0xRRGGBB pixels. */
    private int[] resize(BufferedImage rgb, Rectangle window, boolean flip) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            int dx1 = flip ? width : 0;
            int dx2 = flip ? 0 : width;
            g.drawImage(rgb, dx1, 0, dx2, height, window.x, window.y,
                    window.x + window.width, window.y + window.height, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    }

    private float[] normalize(int[] pixels) {
        int plane = height * width;
        float[] chw = new float[3 * plane];
        float[] px = new float[3];
        for (int i = 0; i < plane; i++) {
            normalization.apply(pixels[i], px);
            chw[i] = px[0];
            chw[plane + i] = px[1];
            chw[2 * plane + i] = px[2];
        }
        return chw;
    }
}
