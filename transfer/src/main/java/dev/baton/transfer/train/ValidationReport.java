package dev.baton.transfer.train;

import java.util.List;

/**
 * Final evaluation of a model on a validation set.
 *
 * @param loss mean loss
 * @param accuracy accuracy in [0, 1]
 * @param classNames class names, index = label
 * @param confusionMatrix {@code confusionMatrix[actual][predicted]} counts
 */
public record ValidationReport(
        double loss, double accuracy, List<String> classNames, int[][] confusionMatrix) {}
