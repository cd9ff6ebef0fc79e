package dev.baton.transfer.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image file the scanner could not decode, with the reason.
 *
 * @param path the file
 * @param reason why it was skipped (decoder message)
 */
public record SkippedFile(Path path, String reason) {
    public SkippedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }
}
