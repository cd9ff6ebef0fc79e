package dev.baton.transfer.train;

/** Thrown when a {@link TrainingSpec} is inconsistent or out of range. */
public class InvalidTrainingSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     */
    public InvalidTrainingSpecException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying error
     */
    public InvalidTrainingSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
