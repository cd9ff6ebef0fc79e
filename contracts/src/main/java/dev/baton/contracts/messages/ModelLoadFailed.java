package dev.baton.contracts.messages;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * An inference worker could not load or warm up a published model version; what served before
 * keeps serving. Keyed by model name on {@code baton.models.load-failures}, so that users and
 * operators see why a version they published does not serve.
 *
 * @param schemaVersion the message schema version
 * @param modelName the model
 * @param version the version that failed
 * @param workerId the worker instance that tried it
 * @param reason why, in words a user can act on (the bundle file or check that failed)
 * @param failedAt when
 */
public record ModelLoadFailed(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String modelName,
        @Min(1) int version,
        @NotBlank String workerId,
        @NotBlank String reason,
        @NotNull Instant failedAt) implements BatonMessage {
}
