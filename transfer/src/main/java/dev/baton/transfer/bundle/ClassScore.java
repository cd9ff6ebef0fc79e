package dev.baton.transfer.bundle;

/**
 * One class and its score in a prediction.
 *
 * @param label the class name
 * @param index the class index
 * @param score a softmax probability, or a raw SVM margin (see {@link BundleManifest#scoreType()})
 */
public record ClassScore(String label, int index, float score) {}
