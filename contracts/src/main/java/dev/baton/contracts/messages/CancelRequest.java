package dev.baton.contracts.messages;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * Asks that a training job stop: a running one between batches, a queued one before it starts.
 * Every trainer reads every cancel on {@code baton.training.cancels}.
 *
 * @param schemaVersion the message schema version
 * @param jobId the job to cancel
 * @param requestedAt when the user asked
 * @param requestedBy who asked (a user name from the gateway's authentication)
 */
public record CancelRequest(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String jobId,
        @NotNull Instant requestedAt,
        String requestedBy) implements BatonMessage {
}
