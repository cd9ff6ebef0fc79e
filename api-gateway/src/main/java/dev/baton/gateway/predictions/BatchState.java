package dev.baton.gateway.predictions;

/** Where a batch prediction is in its life. */
public enum BatchState {
    /** Accepted; its chunks are being answered (by whichever gateway holds its lease). */
    RUNNING,
    /** Every image has a result line (predictions or an error) in the results object. */
    COMPLETED,
    /** Given up after too many attempts; the reason is in the status. */
    FAILED;

    /** @return whether the batch will not change any more */
    public boolean ended() {
        return this != RUNNING;
    }
}
