package dev.baton.gateway.datasets;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * What a dataset holds, written next to its images as {@code report.json}.
 *
 * @param name the dataset
 * @param classes images per class
 * @param images images in all
 * @param bytes bytes of images in all
 * @param skipped files that were not taken, and why
 * @param createdAt when it was published
 */
public record DatasetReport(String name, SortedMap<String, Integer> classes, int images, long bytes,
        List<Skipped> skipped, Instant createdAt) {

    /** The report's file name under the dataset's prefix. */
    public static final String FILE = "report.json";

    /**
     * A file left out of the dataset.
     *
     * @param path its path in the upload
     * @param reason why it was left out
     */
    public record Skipped(String path, String reason) {
    }
}
