package dev.baton.transfer.data;

import java.nio.file.Path;

/**
 * The dataset root holds no usable images: no class sub-folders, or class sub-folders without a
 * single readable JPEG/PNG.
 */
public final class EmptyDatasetException extends DatasetException {
    private static final long serialVersionUID = 1L;

    public EmptyDatasetException(Path root, String detail) {
        super("Dataset folder " + root + " holds no usable images: " + detail
                + ". Expected one sub-folder per class containing JPEG or PNG files.");
    }
}
