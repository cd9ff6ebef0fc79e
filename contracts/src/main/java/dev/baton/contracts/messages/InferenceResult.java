package dev.baton.contracts.messages;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;

/**
 * The answer to an {@link InferenceRequest}, keyed by its correlation id on
 * {@code baton.inference.results}: either predictions or an error, never neither.
 *
 * @param schemaVersion the message schema version
 * @param correlationId the request's id
 * @param model the model name
 * @param version the version that produced the predictions (null on error before a model was chosen)
 * @param predictions the top-k classes, best first (empty on error)
 * @param scoreType {@code probability} (softmax heads) or {@code margin} (SVM head scores)
 * @param queueMillis time the request waited for its batch
 * @param computeMillis time the model took for the batch
 * @param error what went wrong, or null
 * @param completedAt when the result was made
 */
public record InferenceResult(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String correlationId,
        String model,
        Integer version,
        @NotNull List<Prediction> predictions,
        String scoreType,
        double queueMillis,
        double computeMillis,
        InferenceError error,
        @NotNull Instant completedAt) implements BatonMessage {

    /**
     * One class and its score.
     *
     * @param label the class name
     * @param score its probability or margin
     */
    public record Prediction(String label, double score) {
    }

    /**
     * Why a request got no predictions.
     *
     * @param code a stable code a client can branch on
     * @param message what went wrong, for a person
     */
    public record InferenceError(Code code, String message) {
        /** The failures a client must tell apart. */
        public enum Code {
            /** The request could not be parsed or failed validation. */
            INVALID_REQUEST,
            /** The image could not be decoded. */
            UNDECODABLE_IMAGE,
            /** The image is larger than the limit. */
            PAYLOAD_TOO_LARGE,
            /** No such model, version or alias is published. */
            UNKNOWN_MODEL,
            /** The model failed while predicting. */
            PREDICTION_FAILED
        }
    }

    /**
     * @return an error result for a request
     */
    public static InferenceResult failure(String correlationId, String model, InferenceError.Code code, String message) {
        return new InferenceResult(CURRENT_SCHEMA_VERSION, correlationId, model, null, List.of(), null, 0, 0,
                new InferenceError(code, message), Instant.now());
    }
}
