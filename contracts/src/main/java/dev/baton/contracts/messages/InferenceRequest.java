package dev.baton.contracts.messages;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One image to classify, on {@code baton.inference.requests}. The image travels inline (base64
 * in JSON, up to {@link #MAX_INLINE_IMAGE_BYTES}) or as a reference into the object store.
 *
 * @param schemaVersion the message schema version
 * @param correlationId the id the result will carry (and its key)
 * @param model the model name
 * @param version a pinned version, or null
 * @param alias an alias such as {@code production}, or null; with neither, the newest version serves
 * @param image the encoded image (JPEG or PNG), or null
 * @param imageRef where the image is stored, or null
 * @param topK how many classes to return
 * @param requestedAt when the request was made
 */
public record InferenceRequest(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String correlationId,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
        @Min(1) Integer version,
        @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String alias,
        @Size(max = MAX_INLINE_IMAGE_BYTES, message = "image is too large: at most {max} bytes inline; store it and send imageRef") byte[] image,
        @Valid ObjectRef imageRef,
        @Min(1) @Max(100) int topK,
        @NotNull Instant requestedAt) implements BatonMessage {

    /** The largest image carried inside a message (4 MiB). */
    public static final int MAX_INLINE_IMAGE_BYTES = 4 * 1024 * 1024;

    /** @return false unless exactly one of image and imageRef is given */
    @AssertTrue(message = "give exactly one of image (inline) and imageRef")
    public boolean isExactlyOneImageSource() {
        return (image != null) != (imageRef != null);
    }

    /** @return false when both a version and an alias are given */
    @AssertTrue(message = "give a version or an alias, not both")
    public boolean isOneVersionSelector() {
        return version == null || alias == null;
    }
}
