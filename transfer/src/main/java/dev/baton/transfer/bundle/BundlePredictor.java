package dev.baton.transfer.bundle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.baton.transfer.model.ScoreType;
import dev.baton.transfer.model.TransferModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Batch prediction with a loaded bundle. Thread-safe: the model's parameters are frozen and only
 * read; every call runs in inference mode in its own {@link NDManager}, closed before returning.
 *
 * <p>Inputs are NCHW float images of the bundle's input size, already normalised as the
 * manifest's {@code normalization} says. Scores are softmax probabilities for DENSE/GAP heads and
 * raw margins (not probabilities) for the SVM head.
 */
public final class BundlePredictor {

    private final TransferModel model;
    private final List<String> classNames;
    private final ScoreType scoreType;
    private final int inputSize;

    BundlePredictor(TransferModel model, List<String> classNames, ScoreType scoreType, int inputSize) {
        this.model = model;
        this.classNames = List.copyOf(classNames);
        this.scoreType = scoreType;
        this.inputSize = inputSize;
    }

    /** @return what the scores mean */
    public ScoreType scoreType() {
        return scoreType;
    }

    /**
     * @param images (N, 3, H, W) normalised images (any manager; not modified or closed)
     * @param topK how many classes per image (capped at the number of classes)
     * @return one prediction per image, in input order
     */
    public List<Prediction> predict(NDArray images, int topK) {
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = images.toDevice(model.device(), true);
            x.attach(scope);
            return predictInScope(x, topK, scope);
        }
    }

    /**
     * @param images normalised images, each 3·H·W floats in CHW order
     * @param topK how many classes per image
     * @return one prediction per image, in input order
     */
    public List<Prediction> predict(List<float[]> images, int topK) {
        if (images.isEmpty()) {
            return List.of();
        }
        int pixels = 3 * inputSize * inputSize;
        float[] flat = new float[images.size() * pixels];
        for (int i = 0; i < images.size(); i++) {
            float[] image = images.get(i);
            if (image.length != pixels) {
                throw new IllegalArgumentException("image " + i + " has " + image.length
                        + " values, expected 3x" + inputSize + "x" + inputSize);
            }
            System.arraycopy(image, 0, flat, i * pixels, pixels);
        }
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = scope.create(flat, new Shape(images.size(), 3, inputSize, inputSize));
            return predictInScope(x, topK, scope);
        }
    }

    private List<Prediction> predictInScope(NDArray x, int topK, NDManager scope) {
        NDArray out = model.block()
                .forward(new ParameterStore(scope, false), new NDList(x), false)
                .singletonOrThrow();
        NDArray scores = scoreType == ScoreType.PROBABILITY ? out.softmax(1) : out;
        float[] values = scores.toFloatArray();
        int classes = classNames.size();
        int k = Math.min(Math.max(topK, 1), classes);
        List<Prediction> predictions = new ArrayList<>();
        for (int n = 0; n < values.length / classes; n++) {
            int row = n * classes;
            Integer[] order = new Integer[classes];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[row + i]));
            List<ClassScore> top = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                top.add(new ClassScore(classNames.get(order[i]), order[i], values[row + order[i]]));
            }
            predictions.add(new Prediction(top));
        }
        return predictions;
    }
}
