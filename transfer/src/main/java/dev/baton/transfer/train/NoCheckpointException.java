package dev.baton.transfer.train;

/** Thrown when a job is resumed but no checkpoint exists. */
public class NoCheckpointException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message where no checkpoint was found
     */
    public NoCheckpointException(String message) {
        super(message);
    }
}
