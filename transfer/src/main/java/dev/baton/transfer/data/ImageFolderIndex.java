package dev.baton.transfer.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of scanning an image-folder dataset: the labelled samples, the class names (sorted,
 * label {@code i} is {@code classNames.get(i)}), the files skipped as unreadable and the number of
 * non-image files ignored. Immutable.
 *
 * @param root the dataset folder
 * @param classNames the class names, sorted by code point (as Python's {@code sorted}), one per label
 * @param samples the readable images, ordered by class then path
 * @param skipped the unreadable image files (empty for subsets made by a split)
 * @param ignoredFiles how many files were not JPEG/PNG by name and were ignored
 */
public record ImageFolderIndex(Path root, List<String> classNames, List<Sample> samples,
        List<SkippedFile> skipped, int ignoredFiles) {

    public ImageFolderIndex {
        Objects.requireNonNull(root, "root");
        classNames = List.copyOf(classNames);
        samples = List.copyOf(samples);
        skipped = List.copyOf(skipped);
        for (Sample s : samples) {
            if (s.label() >= classNames.size()) {
                throw new IllegalArgumentException("label " + s.label() + " out of range for "
                        + classNames.size() + " classes: " + s.path());
            }
        }
    }

    /** Number of samples. */
    public int size() {
        return samples.size();
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** Samples per label: {@code counts[label]}. */
    public int[] countsByLabel() {
        int[] counts = new int[classNames.size()];
        for (Sample s : samples) {
            counts[s.label()]++;
        }
        return counts;
    }

    /** Samples per class name, in label order. */
    public Map<String, Integer> classCounts() {
        int[] counts = countsByLabel();
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            map.put(classNames.get(i), counts[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** A subset with the same root and classes (labels unchanged) and no skipped files. */
    public ImageFolderIndex withSamples(List<Sample> subset) {
        return new ImageFolderIndex(root, classNames, subset, List.of(), 0);
    }
}
