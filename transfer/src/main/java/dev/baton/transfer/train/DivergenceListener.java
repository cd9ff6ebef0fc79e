package dev.baton.transfer.train;

import java.util.List;

/**
 * Fails the job with {@link TrainingDivergedException} when training has diverged: as soon as a
 * training batch's loss, or an epoch's validation loss, is NaN or infinite (DJL's {@code
 * DivergenceCheckTrainingListener} checks the same per batch), or when an epoch's training loss has
 * grown to more than twice the first epoch's and above a uniform guess's ({@code ln C}) while validation
 * accuracy stays below 1.5 × chance (a learning rate too high for the head: the loss climbs instead of
 * falling). Without it a
 * diverged job would train on and publish garbage weights.
 */
public final class DivergenceListener implements EpochListener {

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
        int classes = context.model().head().numClasses();
        if (phase.size() >= 2 && metrics.trainLoss() > 2 * phase.get(0).trainLoss()
                && metrics.trainLoss() > Math.log(classes) && metrics.valAccuracy() < 1.5 / classes) {
            throw new TrainingDivergedException(context.epoch(), phase.get(0).trainLoss(), metrics.trainLoss(),
                    (float) metrics.learningRate());
        }
    }
}
