package dev.baton.transfer.model;

/** The classifier placed on top of a backbone. */
public enum HeadType {
    /** flatten → FC(hidden) + ReLU → dropout → FC(classes); softmax probabilities at prediction. */
    DENSE,
    /** global average pool → dropout → FC(classes); softmax probabilities at prediction. */
    GAP,
    /**
     * global average pool → linear(classes), trained with a multiclass hinge loss plus L2: outputs
     * raw margin scores, not probabilities.
     */
    SVM;

    /**
     * @return whether the head starts with global average pooling: then a feature cache may keep
     *     only the pooled features (C values per image instead of C·H·W) and the head gives the
     *     same output on them
     */
    public boolean startsWithGlobalPooling() {
        return this == GAP || this == SVM;
    }
}
