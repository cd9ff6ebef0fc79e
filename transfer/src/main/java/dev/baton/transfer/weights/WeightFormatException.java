package dev.baton.transfer.weights;

/**
 * A weights file or model description is malformed or uses an unsupported feature (unknown dtype,
 * truncated shard, unparsable JS module, unexpected layer name...).
 */
public class WeightFormatException extends WeightImportException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is malformed and where
     */
    public WeightFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is malformed and where
     * @param cause the underlying failure
     */
    public WeightFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
