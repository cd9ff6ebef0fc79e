package dev.baton.transfer.train;

import java.util.List;

/**
 * Fails the job with {@link TrainingDivergedException} when training has diverged: as soon as a
 * training batch's loss, or an epoch's validation loss, is NaN or infinite (DJL's {@code
 * DivergenceCheckTrainingListener} checks the same per batch), or when the training loss has run away
 * (see {@link #runaway}): a learning rate too high for the head makes the loss climb instead of fall.
 * Without it a diverged job would train on and publish garbage weights.
 */
public final class DivergenceListener implements EpochListener {

    /** Consecutive epochs the loss must stay runaway before the job fails: one bad epoch is noise. */
    static final int RUNAWAY_EPOCHS = 3;

    @Override
    public void onBatchEnd(TrainingContext context, float loss) {
        if (!Float.isFinite(loss)) {
            throw new TrainingDivergedException(context.epoch(), context.batchInEpoch(), loss,
                    context.optimizer().learningRate());
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
        if (Double.isInfinite(metrics.valLoss()) || (Double.isNaN(metrics.valLoss()) && !Double.isNaN(metrics.valAccuracy()))) {
            throw new TrainingDivergedException(context.epoch(), context.batchInEpoch(), metrics.valLoss(),
                    context.optimizer().learningRate());
        }
        List<EpochMetrics> phase = context.phaseHistory();
        if (runaway(phase, context.model().head().numClasses())) {
            throw new TrainingDivergedException(context.epoch(), phase.get(0).trainLoss(), metrics.trainLoss(),
                    (float) metrics.learningRate());
        }
    }

    /**
     * Whether a phase's training loss has run away: in each of its last {@value #RUNAWAY_EPOCHS} epochs
     * (not counting the first) the loss was more than twice the first epoch's and above a uniform guess's
     * ({@code ln C}), and no epoch of the phase ever validated above 1.5 × chance. A model that learned
     * something and then got noisy is not diverged: the best epoch is kept anyway.
     *
     * @param phase the metrics of the phase's epochs so far, in order
     * @param classes the number of classes
     */
    static boolean runaway(List<EpochMetrics> phase, int classes) {
        if (phase.size() < RUNAWAY_EPOCHS + 1) {
            return false;
        }
        double chance = 1.0 / classes;
        if (phase.stream().anyMatch(m -> m.valAccuracy() >= 1.5 * chance)) {
            return false;
        }
        double limit = Math.max(2 * phase.get(0).trainLoss(), Math.log(classes));
        return phase.subList(phase.size() - RUNAWAY_EPOCHS, phase.size()).stream()
                .allMatch(m -> m.trainLoss() > limit);
    }
}
