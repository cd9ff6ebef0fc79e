package dev.baton.gateway.predictions;

import dev.baton.contracts.messages.InferenceResult.InferenceError;
import dev.baton.gateway.problem.ApiException;
import java.util.List;

/** A worker answered with an error: mapped to the HTTP status that fits its code. */
public class PredictionFailedException extends ApiException {
    /** @param error the worker's error */
    public PredictionFailedException(InferenceError error) {
        super(status(error.code()), "Prediction failed: " + error.code(), error.message(), List.of());
    }

    private static int status(InferenceError.Code code) {
        return switch (code) {
            case INVALID_REQUEST, UNDECODABLE_IMAGE -> 400;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNKNOWN_MODEL -> 404;
            case PREDICTION_FAILED -> 502;
        };
    }
}
