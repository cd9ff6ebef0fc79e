package dev.baton.inference.model;

/** A request names a model, version or alias that is not published. */
public class UnknownModelException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is unknown */
    public UnknownModelException(String message) {
        super(message);
    }
}
