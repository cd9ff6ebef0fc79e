package dev.baton.transfer.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled image of an image-folder dataset.
 *
 * @param path the image file
 * @param label the class index into {@link ImageFolderIndex#classNames()}
 */
public record Sample(Path path, int label) {
    public Sample {
        Objects.requireNonNull(path, "path");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0: " + label);
        }
    }
}
