package dev.baton.transfer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Splits an index into train and validation parts per class (stratified), deterministically for a
 * given seed and fraction: the same index, seed and fraction always give the same split.
 *
 * <p>Each class with {@code n} samples gives {@code round(n * fraction)} samples to validation,
 * but at least one when {@code fraction > 0} and {@code n >= 2}, and never all of them (a class
 * always keeps at least one training sample).
 */
public final class StratifiedSplitter {
    private final double validationFraction;
    private final long seed;

    /**
     * @param validationFraction the share of each class that goes to validation, in [0, 1)
     * @param seed the shuffle seed
     */
    public StratifiedSplitter(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1): " + validationFraction);
        }
        this.validationFraction = validationFraction;
        this.seed = seed;
    }

    /** Splits {@code index}; both parts keep the samples in index order. */
    public DatasetSplit split(ImageFolderIndex index) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < index.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        List<Sample> samples = index.samples();
        for (int i = 0; i < samples.size(); i++) {
            byClass.get(samples.get(i).label()).add(i);
        }
        boolean[] toValidation = new boolean[samples.size()];
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> members = byClass.get(c);
            int n = members.size();
            int k = (int) Math.round(n * validationFraction);
            if (validationFraction > 0 && n >= 2) {
                k = Math.max(k, 1);
            }
            k = Math.min(k, Math.max(n - 1, 0));
            // One generator per class, so adding images to one class does not reshuffle the others.
            Collections.shuffle(members, new Random(seed * 31 + c));
            for (int j = 0; j < k; j++) {
                toValidation[members.get(j)] = true;
            }
        }
        List<Sample> train = new ArrayList<>();
        List<Sample> validation = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            (toValidation[i] ? validation : train).add(samples.get(i));
        }
        return new DatasetSplit(index.withSamples(train), index.withSamples(validation));
    }

}
