package dev.baton.contracts.messages;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Map;

/**
 * A complete model bundle is in the object store. Keyed by model name on the compacted topic
 * {@code baton.models.published}, so the newest version of every model survives compaction.
 *
 * @param schemaVersion the message schema version
 * @param modelName the model
 * @param version the version, monotonic per model and never reused
 * @param bundle where the bundle lies (its prefix ends with '/')
 * @param jobId the job that trained it
 * @param base the conv base
 * @param head the classifier
 * @param strategy how it was trained
 * @param metrics final validation metrics
 * @param publishedAt when the bundle became complete
 */
public record ModelPublished(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String modelName,
        @Min(1) int version,
        @NotNull ObjectRef bundle,
        String jobId,
        BaseArchitecture base,
        HeadType head,
        TrainingStrategy strategy,
        Map<String, Double> metrics,
        @NotNull Instant publishedAt) implements BatonMessage {
}
