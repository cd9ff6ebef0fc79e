package dev.baton.trainer.job;

/** Why a running job stops before its end. */
public enum StopReason {
    /** A user cancelled it: the job ends CANCELLED. */
    CANCELLED,
    /** The trainer shuts down: the job is released to another trainer and resumes from its checkpoint. */
    SHUTDOWN,
    /** The acquisition lock could not be renewed: another trainer may own the job now. */
    LOCK_LOST
}
