package dev.baton.transfer.train;

/**
 * Observes a training job epoch by epoch (the style of DJL's {@code TrainingListener}).
 * Listeners are called in registration order; {@link TransferTrainer} registers its built-in
 * listeners (learning-rate schedule, divergence check, best epoch, early stopping, progress,
 * checkpointing) before any added by
 * the caller.
 */
public interface EpochListener {

    /**
     * A phase starts (after the backbone was frozen for it).
     *
     * @param context the job
     */
    default void onPhaseStart(TrainingContext context) {}

    /**
     * An epoch starts.
     *
     * @param context the job
     */
    default void onEpochStart(TrainingContext context) {}

    /**
     * A training batch starts (after the model and the optimizer are ready for it).
     *
     * @param context the job ({@link TrainingContext#batchInEpoch()} is this batch, 0-based)
     */
    default void onBatchStart(TrainingContext context) {}

    /**
     * A training batch finished: forward, backward and the optimizer step.
     *
     * @param context the job
     * @param loss the batch's mean training loss
     */
    default void onBatchEnd(TrainingContext context, float loss) {}

    /**
     * An epoch finished and was validated.
     *
     * @param context the job
     * @param metrics the epoch's metrics (already in {@link TrainingContext#history()})
     */
    default void onEpochEnd(TrainingContext context, EpochMetrics metrics) {}

    /**
     * The job finished (all phases done or stopped).
     *
     * @param context the job
     */
    default void onTrainingEnd(TrainingContext context) {}
}
