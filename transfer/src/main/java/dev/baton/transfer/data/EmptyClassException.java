package dev.baton.transfer.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Some class sub-folders hold no readable image. Dropping them silently would shift the labels of
 * the other classes, so the scan fails and names them.
 */
public final class EmptyClassException extends DatasetException {
    private static final long serialVersionUID = 1L;
    private final List<String> emptyClasses;

    public EmptyClassException(Path root, List<String> emptyClasses) {
        super("Class folder(s) without any readable JPEG/PNG image in " + root + ": " + emptyClasses
                + ". Add images or remove the folder(s).");
        this.emptyClasses = List.copyOf(emptyClasses);
    }

    /** The class names (folder names) without images. */
    public List<String> emptyClasses() {
        return emptyClasses;
    }
}
