package dev.baton.local;

/** A local service could not be fetched, started, checked or stopped; the message says what to do. */
public class LocalClusterException extends RuntimeException {
    /** @param message what went wrong and what to do */
    public LocalClusterException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public LocalClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
