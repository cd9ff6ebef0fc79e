package dev.baton.transfer.train;

import java.nio.file.Path;
import java.time.Duration;

/** What a running job reports to a {@link ProgressCallback}. */
public sealed interface ProgressEvent permits ProgressEvent.EpochCompleted, ProgressEvent.Checkpointed {

    /** @return the job id (may be null) */
    String jobId();

    /**
     * An epoch finished.
     *
     * @param jobId the job id
     * @param metrics the epoch's metrics
     * @param plannedEpochs epochs planned for the whole job if no early stop happens
     * @param eta estimated time to finish (mean epoch time × remaining planned epochs)
     */
    record EpochCompleted(String jobId, EpochMetrics metrics, int plannedEpochs, Duration eta)
            implements ProgressEvent {}

    /**
     * A checkpoint was written; the job can be resumed from it.
     *
     * @param jobId the job id
     * @param epoch the global epoch the checkpoint holds
     * @param directory the checkpoint directory
     */
    record Checkpointed(String jobId, int epoch, Path directory) implements ProgressEvent {}
}
