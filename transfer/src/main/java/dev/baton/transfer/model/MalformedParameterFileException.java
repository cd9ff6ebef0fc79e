package dev.baton.transfer.model;

import java.io.IOException;

/** Thrown when a parameter file is corrupt or does not match the network it is loaded into. */
public class MalformedParameterFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what does not match
     */
    public MalformedParameterFileException(String message) {
        super(message);
    }
}
