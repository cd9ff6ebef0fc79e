package dev.baton.transfer.strategy;

/** Which parts of the backbone are trained. The head is always trained. */
public enum TrainingStrategy {
    /** Train every backbone block. */
    FULL,
    /** Freeze the early blocks up to a {@link FreezeBoundary}; train the rest. */
    FINE_TUNE,
    /** Freeze the whole backbone (features can be cached); train only the head. */
    FEATURE_EXTRACTION,
    /**
     * One job, two phases: train the head on a frozen backbone (N epochs or early stop), then
     * unfreeze per the {@link FreezeBoundary} and fine-tune at the fine-tune learning rate.
     */
    TWO_PHASE
}
