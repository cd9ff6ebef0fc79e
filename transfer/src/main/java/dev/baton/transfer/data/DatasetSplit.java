package dev.baton.transfer.data;

import java.util.Map;
import java.util.Objects;

/**
 * A train/validation split of one {@link ImageFolderIndex}; both parts share the class names and
 * labels of the original.
 *
 * @param train the training part
 * @param validation the validation part
 */
public record DatasetSplit(ImageFolderIndex train, ImageFolderIndex validation) {
    public DatasetSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }

    /** Training samples per class. */
    public Map<String, Integer> trainCounts() {
        return train.classCounts();
    }

    /** Validation samples per class. */
    public Map<String, Integer> validationCounts() {
        return validation.classCounts();
    }
}
