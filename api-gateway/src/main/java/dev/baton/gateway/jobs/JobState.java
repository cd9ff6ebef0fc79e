package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.TrainingEventType;

/** Where a training job stands, as users see it. */
public enum JobState {
    /** Accepted, waiting for a trainer. */
    QUEUED,
    /** A trainer works on it. */
    RUNNING,
    /** A model version was published. */
    SUCCEEDED,
    /** It failed; the reason says why. */
    FAILED,
    /** It was cancelled. */
    CANCELLED;

    /** @return the state an event of that type leads to */
    static JobState after(TrainingEventType type) {
        return switch (type) {
            case QUEUED -> QUEUED;
            case STARTED, RESUMED, TRIAL, PLANNED, EPOCH, CHECKPOINTED -> RUNNING;
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }

    /** @return whether the job can change no more */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
