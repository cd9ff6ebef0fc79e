package dev.baton.contracts.storage;

/** The object store could not do what was asked (unreachable, refused, I/O failure). */
public class ObjectStoreException extends RuntimeException {
    /**
     * @param message what failed, with bucket and key
     * @param cause the client's error
     */
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
