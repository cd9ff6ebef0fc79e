package dev.baton.transfer.data;

import ai.djl.training.dataset.BatchSampler;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One call from an image folder to DJL datasets: scan ({@link ImageFolderScanner}), stratified
 * split ({@link StratifiedSplitter}), then build the training dataset (seeded shuffle, augmentation)
 * and the validation dataset (sequential, no augmentation).
 */
public final class TrainingDataFactory {
    private TrainingDataFactory() {
    }

    /**
     * Prepares {@code root} for training.
     *
     * @throws DatasetException for every user-fixable problem with the folder (see
     *     {@link ImageFolderScanner#scan})
     * @throws IOException if the folder cannot be listed
     */
    public static TrainingData prepare(Path root, DataOptions options) throws DatasetException, IOException {
        ImageFolderIndex index = new ImageFolderScanner(options.corruptionLimit(),
                ImageFolderScanner.Verification.DECODE).scan(root);
        DatasetSplit split = new StratifiedSplitter(options.validationFraction(), options.seed()).split(index);
        ImagePreprocessor preprocessor = new ImagePreprocessor(options.inputSize(), options.normalization());
        ImageLoader loader = new ImageLoader(2 * options.inputSize(), options.cacheBytes());
        ImageFolderDataset train = ImageFolderDataset.builder().setIndex(split.train())
                .setPreprocessor(preprocessor).optLoader(loader).optAugmentation(options.augmentation())
                .optSeed(options.seed())
                .setSampling(new BatchSampler(new SeededShuffleSampler(options.seed()), options.batchSize()))
                .build();
        ImageFolderDataset validation = ImageFolderDataset.builder().setIndex(split.validation())
                .setPreprocessor(preprocessor).optLoader(loader).setSampling(options.batchSize(), false)
                .build();
        return new TrainingData(index, split, train, validation);
    }
}
