package dev.baton.transfer.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads dataset images: decodes with {@link ImageDecoder}, shrinks images whose shorter side is
 * above {@code maxShortSide} (keeping the aspect ratio) and optionally keeps the result in memory
 * up to {@code cacheBytes}, so each file is decoded once per process for small datasets. The
 * shrink step runs with and without the cache, so cached and uncached loads give the same pixels.
 * Thread-safe.
 */
public final class ImageLoader {
    /** Default in-memory cache budget: 512 MiB. */
    public static final long DEFAULT_CACHE_BYTES = 512L << 20;

    private final ImageDecoder decoder = new ImageDecoder();
    private final int maxShortSide;
    private final long cacheBytes;
    private final ConcurrentHashMap<Path, BufferedImage> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();
    private final AtomicLong decodes = new AtomicLong();

    /**
     * @param maxShortSide the largest shorter side kept (e.g. twice the model input size)
     * @param cacheBytes the in-memory budget; 0 disables the cache
     */
    public ImageLoader(int maxShortSide, long cacheBytes) {
        if (maxShortSide <= 0 || cacheBytes < 0) {
            throw new IllegalArgumentException("maxShortSide must be > 0 and cacheBytes >= 0");
        }
        this.maxShortSide = maxShortSide;
        this.cacheBytes = cacheBytes;
    }

    /** A loader keeping images up to twice {@code inputSize} on the short side, default cache. */
    public static ImageLoader forInputSize(int inputSize) {
        return new ImageLoader(2 * inputSize, DEFAULT_CACHE_BYTES);
    }

    /** The RGB image for {@code path}, from the cache when present. */
    public BufferedImage load(Path path) throws UnreadableImageException {
        BufferedImage hit = cache.get(path);
        if (hit != null) {
            return hit;
        }
        decodes.incrementAndGet();
        BufferedImage image = shrink(decoder.decode(path));
        long bytes = 4L * image.getWidth() * image.getHeight();
        if (cacheBytes > 0 && cachedBytes.addAndGet(bytes) <= cacheBytes) {
            if (cache.putIfAbsent(path, image) != null) {
                cachedBytes.addAndGet(-bytes);
            }
        } else if (cacheBytes > 0) {
            cachedBytes.addAndGet(-bytes);
        }
        return image;
    }

    /** How many times a file was decoded (cache misses), for measurements. */
    public long decodeCount() {
        return decodes.get();
    }

    /** Bytes held by the cache. */
    public long cachedBytes() {
        return cachedBytes.get();
    }

    private BufferedImage shrink(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int shortSide = Math.min(w, h);
        if (shortSide <= maxShortSide) {
            return image;
        }
        double f = (double) maxShortSide / shortSide;
        int nw = Math.max(1, (int) Math.round(w * f));
        int nh = Math.max(1, (int) Math.round(h * f));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, nw, nh, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
