package dev.baton.gateway.support;

import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small real PNG images and datasets published straight to the object store. */
public final class TestDatasets {
    private TestDatasets() {
    }

    /** @return a decodable PNG of random pixels (fixed seed) */
    public static byte[] png(int size, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, random.nextInt(0xffffff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Publishes a two-class dataset of two images each under that name. */
    public static void publish(ObjectStore store, String name) {
        for (String label : new String[] {"cat", "dog"}) {
            for (int i = 0; i < 2; i++) {
                store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, label, i + ".png"),
                        png(8, label.hashCode() + i), "image/png");
            }
        }
        new AtomicPublisher(store).seal(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(name), Map.of("source", "test"));
    }
}
