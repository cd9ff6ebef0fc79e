package dev.baton.contracts.storage;

import java.util.Locale;
import java.util.Optional;

/**
 * The held-out splits a dataset may have, each a folder under its images: {@code images/train/<class>/}
 * (trained and validated on) and {@code images/test/<class>/} (evaluated once with the final model).
 * A dataset without them has its class folders directly under {@code images/} and trains on all of it.
 * The trainer reads exactly these folder names.
 */
public enum ImageSplit {
    /** The images to train on; the job holds its validation split out of them. */
    TRAIN("train"),
    /** The held-out images evaluated once with the final model. */
    TEST("test");

    private final String folder;

    ImageSplit(String folder) {
        this.folder = folder;
    }

    /** @return the folder name under a dataset's {@code images/} */
    public String folder() {
        return folder;
    }

    /**
     * @param name a folder name, in any case
     * @return the split it names, if any
     */
    public static Optional<ImageSplit> ofFolder(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ImageSplit split : values()) {
            if (split.folder.equals(lower)) {
                return Optional.of(split);
            }
        }
        return Optional.empty();
    }

    /**
     * @param name a folder name, in any case
     * @return whether it names a validation folder ({@code val}, {@code validation}), which Baton does
     *     not read: a job holds its validation images out of the training split itself
     */
    public static boolean isValidationFolder(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("val") || lower.equals("validation");
    }

    /**
     * @param name a folder name
     * @return whether a class may not be called so: the split folders' names and the validation ones
     */
    public static boolean isReserved(String name) {
        return ofFolder(name).isPresent() || isValidationFolder(name);
    }
}
