package dev.baton.gateway.datasets;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a dataset holds, written next to its images as {@code report.json}. A dataset uploaded with
 * {@code train/} and {@code test/} folders counts its training images in {@code classes} and
 * {@code images}, as a dataset without splits does, and its held-out test images apart.
 *
 * @param name the dataset
 * @param classes training images per class (all images of a dataset without splits)
 * @param images training images in all
 * @param testClasses held-out test images per class (empty without a test split)
 * @param testImages held-out test images in all
 * @param bytes bytes of images in all, test images included
 * @param skipped files that were not taken, and why
 * @param createdAt when it was published
 */
public record DatasetReport(String name, SortedMap<String, Integer> classes, int images,
        @JsonSetter(nulls = Nulls.AS_EMPTY) SortedMap<String, Integer> testClasses,
        @JsonSetter(nulls = Nulls.AS_EMPTY) int testImages, long bytes, List<Skipped> skipped, Instant createdAt) {

    /** The report's file name under the dataset's prefix. */
    public static final String FILE = "report.json";

    /**
     * A report written before test splits were kept (no {@code testClasses}, no {@code testImages}) reads as one
     * without test images.
     */
    public DatasetReport {
        testClasses = testClasses == null ? new TreeMap<>() : testClasses;
    }

    /**
     * A file left out of the dataset.
     *
     * @param path its path in the upload
     * @param reason why it was left out
     */
    public record Skipped(String path, String reason) {
    }
}
