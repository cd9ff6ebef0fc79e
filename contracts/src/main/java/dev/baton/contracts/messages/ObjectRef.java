package dev.baton.contracts.messages;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A reference to an object in Baton's object store.
 *
 * @param bucket the bucket
 * @param key the object key, relative (no leading '/', no '..' segment)
 */
public record ObjectRef(
        @NotBlank String bucket,
        @NotBlank @Pattern(regexp = "(?!/)(?!.*(^|/)\\.\\.(/|$)).{1,1024}", message = "must be a relative key without '..' segments") String key) {
}
