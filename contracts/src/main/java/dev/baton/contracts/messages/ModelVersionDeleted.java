package dev.baton.contracts.messages;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * A model version was deleted: it is never served again, and its number is never given again.
 * Keyed by {@code <model>/<version>} on the compacted topic {@code baton.models.deletions}, so
 * every deletion survives compaction and outlives an older {@link ModelPublished} of the same
 * version that a reader may replay. Deleting a whole model publishes one per version.
 *
 * @param schemaVersion the message schema version
 * @param modelName the model
 * @param version the deleted version
 * @param deletedBy who deleted it, when known
 * @param deletedAt when
 */
public record ModelVersionDeleted(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String modelName,
        @Min(1) int version,
        String deletedBy,
        @NotNull Instant deletedAt) implements BatonMessage {

    /** @return the record key: model and version */
    public String key() {
        return modelName + "/" + version;
    }
}
