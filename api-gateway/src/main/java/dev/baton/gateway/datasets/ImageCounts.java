package dev.baton.gateway.datasets;

import dev.baton.contracts.storage.ImageSplit;
import dev.baton.gateway.problem.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A dataset's images counted per class in each split, with the checks that make the splits usable:
 * either no splits at all or {@code train/} (and {@code test/}) only, and no test class that
 * training lacks (the model could not predict it).
 */
final class ImageCounts {
    private final TreeMap<String, Integer> training = new TreeMap<>();
    private final TreeMap<String, Integer> test = new TreeMap<>();
    private long bytes;
    private String withoutSplit;
    private String withSplit;

    /**
     * Checks that an image's layout agrees with the earlier ones'.
     *
     * @param split its split, empty when it lies in a class folder at the top
     * @param path its path, named in the error
     * @throws InvalidInputException when some images have a split and others not
     */
    void requireSameLayout(Optional<ImageSplit> split, String path) {
        if (split.isPresent()) {
            withSplit = withSplit == null ? path : withSplit;
        } else {
            withoutSplit = withoutSplit == null ? path : withoutSplit;
        }
        if (withSplit != null && withoutSplit != null) {
            throw new InvalidInputException("file", "the zip mixes class folders at the top ('" + withoutSplit
                    + "') with train/ and test/ folders ('" + withSplit + "'): put every class folder under train/ "
                    + "(and test/), or none");
        }
    }

    /** Counts one stored image. */
    void add(Optional<ImageSplit> split, String className, long size) {
        (split.orElse(ImageSplit.TRAIN) == ImageSplit.TEST ? test : training).merge(className, 1, Integer::sum);
        bytes += size;
    }

    /**
     * @throws InvalidInputException when there are test images but no training images, or test
     *     classes that training lacks
     */
    void requireUsableSplits() {
        if (!test.isEmpty() && training.isEmpty()) {
            throw new InvalidInputException("file", "the zip has test/ images but no train/ images: a test split "
                    + "is held out of a training set, so add train/<class>/ folders of the same classes");
        }
        List<String> unknown = test.keySet().stream().filter(c -> !training.containsKey(c)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("file", "test/ has classes " + unknown + " that train/ lacks (train/ has "
                    + training.keySet() + "): a model cannot predict a class it was not trained on; give test/ only "
                    + "class folders that train/ has");
        }
    }

    /** @return the report of these images */
    DatasetReport report(String name, List<DatasetReport.Skipped> skipped, Instant createdAt) {
        return new DatasetReport(name, training, sum(training), test, sum(test), bytes, skipped, createdAt);
    }

    private static int sum(TreeMap<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
