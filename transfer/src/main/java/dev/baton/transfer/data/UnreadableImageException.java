package dev.baton.transfer.data;

import java.io.IOException;
import java.nio.file.Path;

/** An image file could not be decoded (corrupt, truncated, unsupported format). */
public class UnreadableImageException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;
    private final String reason;

    public UnreadableImageException(Path path, String reason, Throwable cause) {
        super("Unreadable image " + path + ": " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** Why it could not be decoded. */
    public String reason() {
        return reason;
    }
}
