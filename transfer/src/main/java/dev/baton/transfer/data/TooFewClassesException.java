package dev.baton.transfer.data;

import java.nio.file.Path;
import java.util.List;

/** A classifier needs at least two classes with images; the dataset has fewer. */
public final class TooFewClassesException extends DatasetException {
    private static final long serialVersionUID = 1L;
    private final List<String> classNames;

    public TooFewClassesException(Path root, List<String> classNames) {
        super("Dataset folder " + root + " has " + classNames.size() + " class(es) with images "
                + classNames + "; at least 2 are needed (one sub-folder per class).");
        this.classNames = List.copyOf(classNames);
    }

    /** The classes that do have images. */
    public List<String> classNames() {
        return classNames;
    }
}
