package dev.baton.transfer.train;

import java.time.Duration;

/** Turns finished epochs into {@link ProgressEvent.EpochCompleted} events with an ETA. */
public final class ProgressReportingListener implements EpochListener {

    private final ProgressCallback callback;

    /**
     * @param callback where events go
     */
    public ProgressReportingListener(ProgressCallback callback) {
        this.callback = callback;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
        int remaining = remainingEpochs(context);
        double meanMillis = context.history().stream().mapToLong(EpochMetrics::durationMillis).average().orElse(0);
        Duration eta = Duration.ofMillis(Math.round(meanMillis * remaining));
        callback.onEvent(new ProgressEvent.EpochCompleted(
                context.jobId(), metrics, context.epoch() + remaining, eta));
    }

    private static int remainingEpochs(TrainingContext context) {
        int remaining = context.phaseEnding() ? 0 : context.phaseEpochLimit() - context.epochInPhase();
        return remaining + context.plan().epochsAfter(context.phase());
    }
}
