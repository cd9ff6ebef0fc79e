package dev.baton.transfer.data;

/**
 * Base type of the dataset failures a user has to act on (a wrong folder, too few classes,
 * too many corrupt images, a missing package). Each subclass is a distinct, user-reportable case;
 * the message is written for the person who uploaded or configured the dataset.
 */
public abstract class DatasetException extends Exception {
    private static final long serialVersionUID = 1L;

    protected DatasetException(String message) {
        super(message);
    }

    protected DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
