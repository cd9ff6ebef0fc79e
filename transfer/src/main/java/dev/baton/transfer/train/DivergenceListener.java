package dev.baton.transfer.train;

/**
 * Fails the job with {@link TrainingDivergedException} as soon as a training batch's loss, or an
 * epoch's validation loss, is NaN or infinite (DJL's {@code DivergenceCheckTrainingListener} does
 * the same per batch). Without it a diverged job would train on and publish garbage weights.
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
    }
}
