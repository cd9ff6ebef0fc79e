package dev.baton.gateway.predictions;

import java.time.Instant;

/**
 * Where a batch prediction stands, stored as {@code predictions/<batch>/status.json}.
 *
 * @param batchId the batch
 * @param state RUNNING or COMPLETED
 * @param model the model
 * @param dataset the dataset
 * @param images images in the batch
 * @param answered images with predictions
 * @param failed images with an error or no answer
 * @param submittedAt when it was accepted
 * @param completedAt when the results were stored
 * @param results the results object (JSON lines), once completed
 */
public record BatchStatus(String batchId, String state, String model, String dataset, int images, int answered,
        int failed, Instant submittedAt, Instant completedAt, String results) {
}
