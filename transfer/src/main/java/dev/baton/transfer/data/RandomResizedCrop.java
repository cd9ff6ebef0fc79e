package dev.baton.transfer.data;

import java.awt.Rectangle;
import java.util.Random;

/**
 * Parameters of a random resized crop (as torchvision's {@code RandomResizedCrop}): a window
 * covering a random share of the image area in [{@code minScale}, {@code maxScale}] with a random
 * aspect ratio (log-uniform) in [{@code minRatio}, {@code maxRatio}]; after 10 failed attempts the
 * centre crop with the ratio clamped into range is used.
 *
 * @param minScale smallest area share, in (0, 1]
 * @param maxScale largest area share, in [minScale, 1]
 * @param minRatio smallest width/height ratio, &gt; 0
 * @param maxRatio largest width/height ratio, &gt;= minRatio
 */
public record RandomResizedCrop(double minScale, double maxScale, double minRatio, double maxRatio) {

    /** torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3). */
    public static final RandomResizedCrop TORCHVISION = new RandomResizedCrop(0.08, 1.0, 3.0 / 4, 4.0 / 3);
    /** A milder crop for small fine-tuning sets: scale (0.25, 1), ratio (3/4, 4/3). */
    public static final RandomResizedCrop MILD = new RandomResizedCrop(0.25, 1.0, 3.0 / 4, 4.0 / 3);

    public RandomResizedCrop {
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("need 0 < minScale <= maxScale <= 1");
        }
        if (!(minRatio > 0 && minRatio <= maxRatio)) {
            throw new IllegalArgumentException("need 0 < minRatio <= maxRatio");
        }
    }

    /** Draws a crop window inside a {@code width x height} image. */
    public Rectangle window(int width, int height, Random rng) {
        double area = (double) width * height;
        double logMin = Math.log(minRatio);
        double logMax = Math.log(maxRatio);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + rng.nextDouble() * (maxScale - minScale));
            double ratio = Math.exp(logMin + rng.nextDouble() * (logMax - logMin));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int x = rng.nextInt(width - w + 1);
                int y = rng.nextInt(height - h + 1);
                return new Rectangle(x, y, w, h);
            }
        }
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < minRatio) {
            h = (int) Math.round(w / minRatio);
        } else if (inRatio > maxRatio) {
            w = (int) Math.round(h * maxRatio);
        }
        return new Rectangle((width - w) / 2, (height - h) / 2, w, h);
    }
}
