package dev.baton.transfer.strategy;

/** Thrown when a freeze boundary does not fit the backbone (unknown block, too many blocks). */
public class InvalidFreezeBoundaryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     * @param cause the underlying error, may be null
     */
    public InvalidFreezeBoundaryException(String message, Throwable cause) {
        super(message, cause);
    }
}
