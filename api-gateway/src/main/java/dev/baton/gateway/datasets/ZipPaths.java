package dev.baton.gateway.datasets;

import dev.baton.contracts.storage.ImageSplit;
import dev.baton.gateway.problem.InvalidInputException;
import java.util.Optional;

/**
 * Where an image of an uploaded zip belongs: {@code <class>/<file>} (a dataset without splits) or
 * {@code train/<class>/<file>} and {@code test/<class>/<file>}, either optionally under one top folder.
 * The folder names are {@link ImageSplit}'s, in any case; {@code val/} and {@code validation/} are
 * refused, since a job holds its validation images out of the training images itself.
 */
final class ZipPaths {
    private static final String LAYOUTS = "<class>/<file>, or train/<class>/<file> and test/<class>/<file>, optionally under "
            + "one top folder";

    private ZipPaths() {
    }

    /**
     * Where an image goes.
     *
     * @param split its split, empty for a dataset without splits
     * @param className its class folder
     * @param fileName its file name
     */
    record Place(Optional<ImageSplit> split, String className, String fileName) {
    }

    /**
     * @param parts the path's segments, already checked to be safe and not hidden
     * @return the image's place, or empty when it lies in no class folder
     * @throws InvalidInputException for a validation folder
     */
    static Optional<Place> place(String[] parts) {
        int n = parts.length;
        if (n < 2 || n > 4) {
            return Optional.empty();
        }
        String fileName = parts[n - 1];
        String classFolder = parts[n - 2];
        requireNoValidationFolder(classFolder);
        if (n >= 3) {
            String splitFolder = parts[n - 3];
            requireNoValidationFolder(splitFolder);
            Optional<ImageSplit> split = ImageSplit.ofFolder(splitFolder);
            if (split.isPresent()) {
                return ImageSplit.isReserved(classFolder) ? Optional.empty()
                        : Optional.of(new Place(split, classFolder, fileName));
            }
        }
        if (n == 4 || ImageSplit.isReserved(classFolder)) {
            return Optional.empty();
        }
        return Optional.of(new Place(Optional.empty(), classFolder, fileName));
    }

    /**
     * @param parts the segments of a path that {@link #place} found no place for
     * @return why, for the upload's report
     */
    static String whyNoPlace(String[] parts) {
        int n = parts.length;
        String folder = n >= 2 ? parts[n - 2] : "";
        if (n >= 3 && ImageSplit.ofFolder(parts[n - 3]).isPresent() && ImageSplit.isReserved(folder)) {
            return "in a class folder named '" + folder + "' inside " + parts[n - 3] + "/: Baton reserves the names of "
                    + "its splits (train, test) for them; rename the class";
        }
        return ImageSplit.ofFolder(folder).map(split -> "directly in " + folder + "/, not in one of its class folders ("
                + split.folder() + "/<class>/<file>)").orElse("not in a class folder (" + LAYOUTS + ")");
    }

    private static void requireNoValidationFolder(String folder) {
        if (ImageSplit.isValidationFolder(folder)) {
            throw new InvalidInputException("file", "the zip has a '" + folder + "/' folder, which Baton does not "
                    + "read: a job holds its validation images out of train/ itself (its validationSplit); move them "
                    + "into train/, or into test/ to evaluate the final model on them");
        }
    }
}
