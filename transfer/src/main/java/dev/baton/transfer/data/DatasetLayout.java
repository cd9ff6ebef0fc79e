package dev.baton.transfer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a dataset's images are: either {@code <class>/<image>} at the root (all of it trains, a
 * validation split is held out of it), or {@code train/<class>/<image>} and {@code
 * test/<class>/<image>}, whose test images are never trained or validated on and are evaluated once
 * with the final model.
 *
 * @param train the folder of class folders to train (and validate) on
 * @param test the folder of held-out test images, if the dataset has one
 */
public record DatasetLayout(Path train, Optional<Path> test) {

    /** The training split's folder name. */
    public static final String TRAIN = "train";
    /** The test split's folder name. */
    public static final String TEST = "test";

    /**
     * @param root the dataset folder
     * @return its layout: split when its only folders are {@code train} and {@code test}
     * @throws IOException if it cannot be listed
     */
    public static DatasetLayout of(Path root) throws IOException {
        List<String> folders;
        try (Stream<Path> list = Files.list(root)) {
            folders = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (folders.equals(List.of(TEST, TRAIN))) {
            return new DatasetLayout(root.resolve(TRAIN), Optional.of(root.resolve(TEST)));
        }
        return new DatasetLayout(root, Optional.empty());
    }
}
