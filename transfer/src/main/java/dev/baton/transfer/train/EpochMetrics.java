package dev.baton.transfer.train;

/**
 * Metrics of one finished epoch.
 *
 * @param epoch global epoch number, 1-based, counting across phases
 * @param phase 1, or 2 for the fine-tune phase of TWO_PHASE
 * @param trainLoss mean training loss (with dropout, as trained)
 * @param trainAccuracy training accuracy in [0, 1]
 * @param valLoss mean validation loss (inference mode)
 * @param valAccuracy validation accuracy in [0, 1]
 * @param imagesPerSecond training throughput of the epoch
 * @param learningRate learning rate used in the epoch
 * @param durationMillis wall time of the epoch including validation
 */
public record EpochMetrics(
        int epoch,
        int phase,
        double trainLoss,
        double trainAccuracy,
        double valLoss,
        double valAccuracy,
        double imagesPerSecond,
        double learningRate,
        long durationMillis) {}
