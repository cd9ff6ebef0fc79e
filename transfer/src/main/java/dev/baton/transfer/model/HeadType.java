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
    SVM
}
