package dev.baton.gateway.models;

import java.util.List;

/**
 * A model version's evaluation on its dataset's held-out test split, as the trainer recorded it in the
 * bundle manifest.
 *
 * @param model the model
 * @param version the version
 * @param split always {@code "test"}: the images were never trained or validated on
 * @param accuracy test accuracy in [0, 1]
 * @param loss mean test loss (null when not recorded)
 * @param images how many test images were evaluated
 * @param classes per class, in output order: precision, recall and image count
 * @param confusionMatrix {@code confusionMatrix[true][predicted]} image counts, in the order of {@code classes}
 */
public record ModelEvaluation(String model, int version, String split, double accuracy, Double loss, long images,
        List<ClassEvaluation> classes, int[][] confusionMatrix) {

    /**
     * One class of a test evaluation.
     *
     * @param name the class name
     * @param precision of the images predicted as this class, the fraction that were (null: none predicted)
     * @param recall of this class's images, the fraction predicted as it (null: none in the test split)
     * @param support how many test images are of this class
     */
    public record ClassEvaluation(String name, Double precision, Double recall, long support) {
    }
}
