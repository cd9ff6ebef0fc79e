package dev.baton.transfer.data;

import java.nio.file.Path;

/** The Fashion-MNIST IDX files are not where the Debian package puts them. */
public final class FashionMnistNotInstalledException extends DatasetException {
    private static final long serialVersionUID = 1L;

    public FashionMnistNotInstalledException(Path sourceDir, String missingFile) {
        super("Fashion-MNIST file " + missingFile + "(.gz) not found in " + sourceDir
                + ". Install the Debian package: apt-get install dataset-fashion-mnist");
    }
}
