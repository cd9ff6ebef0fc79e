package dev.baton.transfer.bundle;

import java.io.IOException;

/** Thrown when a folder is not a readable model bundle (missing files, unsupported schema). */
public class InvalidBundleException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     * @param cause underlying error, may be null
     */
    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
