package dev.baton.transfer.train;

/** Keeps the weights of the best epoch so far ({@link BestEpoch}); registered before checkpointing. */
public final class BestEpochListener implements EpochListener {

    @Override
    public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
        context.best().offer(metrics, context.model());
    }
}
