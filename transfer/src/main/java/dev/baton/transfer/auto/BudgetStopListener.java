package dev.baton.transfer.auto;

import dev.baton.transfer.train.EpochListener;
import dev.baton.transfer.train.EpochMetrics;
import dev.baton.transfer.train.TrainingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an {@code auto} job's fine-tune after an epoch when what is left of the job's budget cannot pay
 * for another epoch as long as the last one plus the final evaluation: the budget bounds the job even
 * when the depth probe's speed was optimistic. The best epoch so far is what the job returns.
 */
final class BudgetStopListener implements EpochListener {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetStopListener.class);

    /** Seconds kept beyond the final evaluation (writing the result). */
    private static final double SLACK_SECONDS = 5;

    private final Budget budget;
    private final long trainImages;
    private final double finalValidations;

    /**
     * @param budget the job's budget
     * @param trainImages training images per epoch
     * @param finalValidations what the final evaluation costs, in validation passes (validation and test images
     *     over validation images)
     */
    BudgetStopListener(Budget budget, long trainImages, double finalValidations) {
        this.budget = budget;
        this.trainImages = trainImages;
        this.finalValidations = finalValidations;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
        double next = metrics.durationMillis() / 1000.0;
        if (!context.phaseEnding() && shouldStop(budget.remaining(), metrics, trainImages, finalValidations)) {
            LOG.info("fine-tune stopped after epoch {}: {} s of the budget left, an epoch takes {} s", context.epoch(),
                    String.format("%.0f", budget.remaining()), String.format("%.0f", next));
            context.requestPhaseStop();
        }
    }

    /**
     * @param remainingSeconds budget left
     * @param last the epoch that just ended: the next one is expected to take as long
     * @param trainImages training images per epoch
     * @param finalValidations the final evaluation's cost in validation passes
     * @return whether another epoch and the final evaluation would overrun the budget
     */
    static boolean shouldStop(double remainingSeconds, EpochMetrics last, long trainImages, double finalValidations) {
        double epochSeconds = last.durationMillis() / 1000.0;
        double validationSeconds = Math.max(0, epochSeconds - trainImages / last.imagesPerSecond());
        return remainingSeconds < epochSeconds + validationSeconds * finalValidations + SLACK_SECONDS;
    }
}
