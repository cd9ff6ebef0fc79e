package dev.baton.transfer.model;

/** What a model's prediction scores mean. */
public enum ScoreType {
    /** Softmax probabilities in [0, 1] that sum to 1 over the classes. */
    PROBABILITY,
    /** Raw, unbounded linear SVM margins: larger is more confident; not probabilities. */
    MARGIN;

    /** @return the manifest spelling ("probability" / "margin") */
    public String manifestName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
