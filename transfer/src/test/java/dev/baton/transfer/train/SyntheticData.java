package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small, linearly separable synthetic image datasets for tests: class k has a bright square in
 * a class-specific quadrant and colour channel on top of Gaussian noise.
 */
public final class SyntheticData {

    private SyntheticData() {}

    /** @param classes number of classes @return "class0".."classN-1" */
    public static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("class" + i);
        }
        return names;
    }

    /**
     * @param manager owns the arrays
     * @param images number of images (balanced over classes)
     * @param classes number of classes (≤ 4)
     * @param size image size
     * @param batchSize batch size
     * @param shuffle whether the dataset shuffles
     * @param seed data seed
     * @return the dataset
     */
    public static ArrayDataset images(NDManager manager, int images, int classes, int size,
            int batchSize, boolean shuffle, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[images * 3 * size * size];
        float[] labels = new float[images];
        int half = size / 2;
        for (int n = 0; n < images; n++) {
            int label = n % classes;
            labels[n] = label;
            int rowOffset = (label / 2) * half;
            int colOffset = (label % 2) * half;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        float v = (float) random.nextGaussian() * 0.3f;
                        boolean inSquare = y >= rowOffset && y < rowOffset + half
                                && x >= colOffset && x < colOffset + half;
                        if (inSquare && c == label % 3) {
                            v += 2f;
                        }
                        pixels[((n * 3 + c) * size + y) * size + x] = v;
                    }
                }
            }
        }
        NDArray data = manager.create(pixels, new Shape(images, 3, size, size));
        NDArray y = manager.create(labels);
        return new ArrayDataset.Builder().setData(data).optLabels(y).setSampling(batchSize, shuffle).build();
    }

    static NDIndex all() {
        return new NDIndex();
    }
}
