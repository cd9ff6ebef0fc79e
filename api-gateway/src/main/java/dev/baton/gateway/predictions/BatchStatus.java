package dev.baton.gateway.predictions;

import java.time.Instant;

/**
 * Where a batch prediction stands, stored under {@link dev.baton.contracts.storage.ObjectKeys#batchPredictionStatus}.
 *
 * @param batchId the batch
 * @param state its state
 * @param model the model
 * @param dataset the dataset
 * @param images images in the batch
 * @param answered images with predictions so far
 * @param failed images with an error so far (no answer within the batch's wait is an error, {@code TIMEOUT})
 * @param submittedAt when it was accepted
 * @param updatedAt when its last chunk finished (or it was accepted)
 * @param completedAt when it ended
 * @param results the results object (JSON lines), once completed
 * @param error why it failed, when it did
 */
public record BatchStatus(String batchId, BatchState state, String model, String dataset, int images, int answered,
        int failed, Instant submittedAt, Instant updatedAt, Instant completedAt, String results, String error) {

    /** @return a new batch, running and with nothing answered */
    static BatchStatus accepted(String batchId, BatchSubmission batch, int images, Instant now) {
        return new BatchStatus(batchId, BatchState.RUNNING, batch.model(), batch.dataset(), images, 0, 0, now, now,
                null, null, null);
    }

    /** @return this batch, still running, with these counts */
    BatchStatus progressed(int answeredSoFar, int failedSoFar, Instant now) {
        return new BatchStatus(batchId, BatchState.RUNNING, model, dataset, images, answeredSoFar, failedSoFar,
                submittedAt, now, null, null, null);
    }

    /** @return this batch, completed with its results object */
    BatchStatus completed(int answeredTotal, int failedTotal, String resultsKey, Instant now) {
        return new BatchStatus(batchId, BatchState.COMPLETED, model, dataset, images, answeredTotal, failedTotal,
                submittedAt, now, now, resultsKey, null);
    }

    /** @return this batch, failed for that reason */
    BatchStatus failedBecause(String reason, Instant now) {
        return new BatchStatus(batchId, BatchState.FAILED, model, dataset, images, answered, failed, submittedAt, now,
                now, null, reason);
    }
}
