package dev.baton.transfer.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluation of a model on a labelled set (validation, or held-out test images).
 *
 * @param loss mean loss
 * @param accuracy accuracy in [0, 1]
 * @param classNames class names, index = label
 * @param confusionMatrix {@code confusionMatrix[actual][predicted]} counts
 * @param precision per class: of the images predicted as it, the fraction that were (NaN: none predicted)
 * @param recall per class: of its images, the fraction predicted as it (NaN: none in the set)
 */
public record ValidationReport(
        double loss, double accuracy, List<String> classNames, int[][] confusionMatrix, List<Double> precision,
        List<Double> recall) {

    /**
     * @param loss mean loss
     * @param accuracy accuracy in [0, 1]
     * @param classNames class names, index = label
     * @param confusionMatrix {@code confusionMatrix[actual][predicted]} counts (or null)
     */
    public ValidationReport(double loss, double accuracy, List<String> classNames, int[][] confusionMatrix) {
        this(loss, accuracy, classNames, confusionMatrix, precision(confusionMatrix), recall(confusionMatrix));
    }

    private static List<Double> precision(int[][] m) {
        if (m == null) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (int p = 0; p < m.length; p++) {
            long predicted = 0;
            for (int[] row : m) {
                predicted += row[p];
            }
            out.add(predicted == 0 ? Double.NaN : (double) m[p][p] / predicted);
        }
        return out;
    }

    private static List<Double> recall(int[][] m) {
        if (m == null) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (int a = 0; a < m.length; a++) {
            long actual = 0;
            for (int v : m[a]) {
                actual += v;
            }
            out.add(actual == 0 ? Double.NaN : (double) m[a][a] / actual);
        }
        return out;
    }
}
