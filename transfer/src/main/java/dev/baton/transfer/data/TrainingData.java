package dev.baton.transfer.data;

import java.util.Map;

/**
 * The prepared data of one training job: the scanned index, its split and the two DJL datasets
 * (training shuffled with the seed and augmented; validation in order, not augmented). Both
 * datasets share one {@link ImageLoader}.
 *
 * @param index the full scan (class names, skipped files)
 * @param split the train/validation split
 * @param train the training dataset
 * @param trainClean the training images without augmentation, in order (what a feature cache reads)
 * @param validation the validation dataset (empty when the fraction is 0)
 */
public record TrainingData(ImageFolderIndex index, DatasetSplit split, ImageFolderDataset train,
        ImageFolderDataset trainClean, ImageFolderDataset validation) {

    /** Training images per class. */
    public Map<String, Integer> trainCounts() {
        return split.trainCounts();
    }

    /** Validation images per class. */
    public Map<String, Integer> validationCounts() {
        return split.validationCounts();
    }
}
