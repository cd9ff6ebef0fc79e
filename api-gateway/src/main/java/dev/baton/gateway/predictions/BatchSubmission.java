package dev.baton.gateway.predictions;

import dev.baton.contracts.messages.Names;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A batch prediction over every image of a published dataset.
 *
 * @param model the model
 * @param version a pinned version, or null
 * @param alias an alias, or null
 * @param dataset the dataset whose images to classify
 * @param topK classes per image (default 5)
 */
public record BatchSubmission(
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
        @Min(1) Integer version,
        @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String alias,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String dataset,
        @Min(1) @Max(100) Integer topK) {
}
