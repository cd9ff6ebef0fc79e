package dev.baton.contracts.messages;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Map;

/**
 * One step in the life of a training job, keyed by job id on {@code baton.training.events}.
 * Fields that a type does not use are null.
 *
 * @param schemaVersion the message schema version
 * @param jobId the job
 * @param type what happened
 * @param at when it happened
 * @param workerId the trainer that reports it (null for QUEUED)
 * @param attempt the delivery attempt, from 1
 * @param epoch the epoch the event is about (EPOCH, CHECKPOINTED; for RESUMED the last completed one)
 * @param totalEpochs the epochs the job will run
 * @param metrics named figures: loss, accuracy, val_loss, val_accuracy, images_per_second, eta_seconds...
 * @param modelName the model (QUEUED, SUCCEEDED)
 * @param modelVersion the published version (SUCCEEDED)
 * @param reason why it failed or was cancelled, in words a user can act on (PLANNED: what the search
 *     chose and why)
 * @param trial the finished trial (TRIAL)
 */
public record TrainingEvent(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String jobId,
        @NotNull TrainingEventType type,
        @NotNull Instant at,
        String workerId,
        Integer attempt,
        Integer epoch,
        Integer totalEpochs,
        Map<String, Double> metrics,
        String modelName,
        Integer modelVersion,
        String reason,
        TrialReport trial) implements BatonMessage {

    /**
     * @param jobId the job
     * @param type what happened
     * @return an event of that type now, with every optional field empty
     */
    public static TrainingEvent of(String jobId, TrainingEventType type) {
        return new TrainingEvent(CURRENT_SCHEMA_VERSION, jobId, type, Instant.now(), null, null, null, null, Map.of(),
                null, null, null, null);
    }

    /** @return a copy reported by this worker on this attempt */
    public TrainingEvent by(String worker, int attemptNumber) {
        return new TrainingEvent(schemaVersion, jobId, type, at, worker, attemptNumber, epoch, totalEpochs, metrics,
                modelName, modelVersion, reason, trial);
    }

    /** @return a copy about this epoch of that many */
    public TrainingEvent atEpoch(int epochNumber, int epochsInAll) {
        return new TrainingEvent(schemaVersion, jobId, type, at, workerId, attempt, epochNumber, epochsInAll, metrics,
                modelName, modelVersion, reason, trial);
    }

    /** @return a copy with these metrics */
    public TrainingEvent withMetrics(Map<String, Double> figures) {
        return new TrainingEvent(schemaVersion, jobId, type, at, workerId, attempt, epoch, totalEpochs,
                Map.copyOf(figures), modelName, modelVersion, reason, trial);
    }

    /** @return a copy naming the model version */
    public TrainingEvent withModel(String model, Integer version) {
        return new TrainingEvent(schemaVersion, jobId, type, at, workerId, attempt, epoch, totalEpochs, metrics, model,
                version, reason, trial);
    }

    /** @return a copy carrying this trial */
    public TrainingEvent withTrial(TrialReport report) {
        return new TrainingEvent(schemaVersion, jobId, type, at, workerId, attempt, epoch, totalEpochs, metrics,
                modelName, modelVersion, reason, report);
    }

    /** @return a copy with this reason */
    public TrainingEvent withReason(String why) {
        return new TrainingEvent(schemaVersion, jobId, type, at, workerId, attempt, epoch, totalEpochs, metrics,
                modelName, modelVersion, why, trial);
    }
}
