package dev.baton.inference.model;

/** A model version could not be fetched, loaded or warmed up; what served before keeps serving. */
public class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ModelVersion version;

    /**
     * @param version the version that failed
     * @param message why
     * @param cause the underlying error, may be null
     */
    public ModelLoadException(ModelVersion version, String message, Throwable cause) {
        super(version + ": " + message, cause);
        this.version = version;
    }

    /** @return the version that failed */
    public ModelVersion version() {
        return version;
    }
}
