package dev.baton.trainer.job;

/** Thrown between batches when a running job was asked to stop. */
public final class JobStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final StopReason reason;

    /** @param reason why the job stops */
    public JobStoppedException(StopReason reason) {
        super("job stopped: " + reason);
        this.reason = reason;
    }

    /** @return why the job stopped */
    public StopReason reason() {
        return reason;
    }
}
