package dev.baton.contracts.messages;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * An alias such as {@code production} now points at a version (promotion or rollback). Keyed
 * by {@code <model>/<alias>} on the compacted topic {@code baton.models.aliases}.
 *
 * @param schemaVersion the message schema version
 * @param modelName the model
 * @param alias the alias
 * @param version the version it points at
 * @param changedBy who moved it
 * @param changedAt when
 */
public record ModelAliasChanged(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String modelName,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String alias,
        @Min(1) int version,
        String changedBy,
        @NotNull Instant changedAt) implements BatonMessage {

    /** @return the record key: model and alias */
    public String key() {
        return modelName + "/" + alias;
    }
}
