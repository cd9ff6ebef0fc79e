package dev.baton.transfer.data;

import java.nio.file.Path;

/** The dataset root does not exist or is not a directory. */
public final class DatasetFolderNotFoundException extends DatasetException {
    private static final long serialVersionUID = 1L;
    private final transient Path folder;

    public DatasetFolderNotFoundException(Path folder) {
        super("Dataset folder not found or not a directory: " + folder);
        this.folder = folder;
    }

    /** The folder that was asked for. */
    public Path folder() {
        return folder;
    }
}
