package dev.baton.transfer.data;

import java.util.Objects;

/**
 * Everything the trainer needs to turn an image folder into DJL datasets.
 *
 * @param inputSize square model input size in pixels (e.g. 224 or 96)
 * @param normalization the backbone's input normalisation (from the base model manifest)
 * @param validationFraction share of each class held out for validation, in [0, 1)
 * @param seed seed of the split, the shuffle and the augmentation
 * @param batchSize batch size of both datasets
 * @param augmentation training augmentation ({@link Augmentation#NONE} for cached-feature jobs)
 * @param corruptionLimit how many unreadable files the scan tolerates
 * @param cacheBytes in-memory decoded-image cache budget, 0 for none
 */
public record DataOptions(int inputSize, Normalization normalization, double validationFraction, long seed,
        int batchSize, Augmentation augmentation, CorruptionLimit corruptionLimit, long cacheBytes) {

    public DataOptions {
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(corruptionLimit, "corruptionLimit");
        if (inputSize <= 0 || batchSize <= 0 || cacheBytes < 0) {
            throw new IllegalArgumentException("inputSize and batchSize must be > 0, cacheBytes >= 0");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1): " + validationFraction);
        }
    }

    /**
     * Defaults: 20 % validation, {@link Augmentation#STANDARD}, {@link CorruptionLimit#DEFAULT},
     * {@link ImageLoader#DEFAULT_CACHE_BYTES}.
     */
    public static DataOptions defaults(int inputSize, Normalization normalization, int batchSize, long seed) {
        return new DataOptions(inputSize, normalization, 0.2, seed, batchSize, Augmentation.STANDARD,
                CorruptionLimit.DEFAULT, ImageLoader.DEFAULT_CACHE_BYTES);
    }
}
