package dev.baton.contracts.messages;

/** The life of a training job as told on {@code baton.training.events}. */
public enum TrainingEventType {
    /** The gateway accepted the job and queued it. */
    QUEUED,
    /** A trainer took the job (worker id, attempt). */
    STARTED,
    /** A redelivered job continues from a checkpoint (the epoch it resumes after). */
    RESUMED,
    /** A trial of an {@code auto} job's search finished (its settings and validation score). */
    TRIAL,
    /** An {@code auto} job's search chose what to train, and says why (in the reason). */
    PLANNED,
    /** An epoch finished (loss, accuracy, validation metrics, images/s, ETA). */
    EPOCH,
    /** A checkpoint of the epoch was written to the object store. */
    CHECKPOINTED,
    /** The model version was published (model name, version, final metrics). */
    SUCCEEDED,
    /** The job failed with a reason a user can act on. */
    FAILED,
    /** The job was cancelled. */
    CANCELLED;

    /** @return whether the job can change no more after this event */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
