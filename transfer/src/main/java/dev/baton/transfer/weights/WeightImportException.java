package dev.baton.transfer.weights;

/**
 * Base type of every failure raised while reading, mapping, importing or exporting pretrained weights.
 *
 * <p>Checked on purpose: weight import runs at well-defined points (building a base model, starting a
 * training job) where the caller must decide whether to fail the job or fall back.
 */
public class WeightImportException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the file, weight or parameter concerned
     */
    public WeightImportException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, naming the file, weight or parameter concerned
     * @param cause the underlying failure
     */
    public WeightImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
