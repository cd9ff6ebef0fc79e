package dev.baton.transfer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a dataset's images are: either {@code <class>/<image>} at the root (all of it trains, a
 * validation split is held out of it), or a training folder of {@code <class>/<image>} with, optionally,
 * a test folder of {@code <class>/<image>}, whose test images are never trained or validated on and
 * are evaluated once with the final model. The folders' names are the object store's (the trainer
 * passes {@code ImageSplit}'s from contracts).
 *
 * @param train the folder of class folders to train (and validate) on
 * @param test the folder of held-out test images, if the dataset has one
 */
public record DatasetLayout(Path train, Optional<Path> test) {

    /**
     * @param root the dataset folder
     * @param trainFolder the training split's folder name
     * @param testFolder the test split's folder name
     * @return its layout: split when its only folders are the training folder and, optionally, the test folder
     * @throws IOException if it cannot be listed
     */
    public static DatasetLayout of(Path root, String trainFolder, String testFolder) throws IOException {
        Set<String> folders;
        try (Stream<Path> list = Files.list(root)) {
            folders = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        if (folders.equals(Set.of(trainFolder, testFolder))) {
            return new DatasetLayout(root.resolve(trainFolder), Optional.of(root.resolve(testFolder)));
        }
        if (folders.equals(Set.of(trainFolder))) {
            return new DatasetLayout(root.resolve(trainFolder), Optional.empty());
        }
        return new DatasetLayout(root, Optional.empty());
    }
}
