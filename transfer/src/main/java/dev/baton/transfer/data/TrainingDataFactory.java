package dev.baton.transfer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One call from an image folder to DJL datasets: scan ({@link ImageFolderScanner}), stratified
 * split ({@link StratifiedSplitter}), then build the training dataset (seeded shuffle, augmentation)
 * and the validation dataset (sequential, no augmentation), and the training images once more without
 * augmentation for a feature cache.
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
                .setSampling(TrainingBatches.sampler(new SeededShuffleSampler(options.seed()), split.train().size(),
                        options.batchSize()))
                .build();
        ImageFolderDataset trainClean = ImageFolderDataset.builder().setIndex(split.train())
                .setPreprocessor(preprocessor).optLoader(loader).setSampling(options.batchSize(), false)
                .build();
        ImageFolderDataset validation = ImageFolderDataset.builder().setIndex(split.validation())
                .setPreprocessor(preprocessor).optLoader(loader).setSampling(options.batchSize(), false)
                .build();
        return new TrainingData(index, split, train, trainClean, validation);
    }

    /**
     * Prepares a dataset's held-out test images (in order, no augmentation), labelled as in training.
     *
     * @param root the test folder ({@code <class>/<image>})
     * @param options the job's data options (input size, normalisation, batch size)
     * @param classNames the training classes: the test folder's classes must be among them (a class
     *     may have no test images; its recall is then undefined)
     * @return the test dataset
     * @throws DatasetException when the folder is unusable or has a class that training lacks
     * @throws IOException if the folder cannot be listed
     */
    public static ImageFolderDataset test(Path root, DataOptions options, List<String> classNames)
            throws DatasetException, IOException {
        ImageFolderIndex scanned = new ImageFolderScanner(options.corruptionLimit(),
                ImageFolderScanner.Verification.DECODE).scan(root, 1);
        if (!classNames.containsAll(scanned.classNames())) {
            throw new TestClassesMismatchException(scanned.classNames(), classNames);
        }
        List<Sample> samples = scanned.samples().stream()
                .map(s -> new Sample(s.path(), classNames.indexOf(scanned.classNames().get(s.label())))).toList();
        ImageFolderIndex index = new ImageFolderIndex(root, classNames, samples, scanned.skipped(),
                scanned.ignoredFiles());
        return ImageFolderDataset.builder().setIndex(index)
                .setPreprocessor(new ImagePreprocessor(options.inputSize(), options.normalization()))
                .setSampling(options.batchSize(), false).build();
    }
}
