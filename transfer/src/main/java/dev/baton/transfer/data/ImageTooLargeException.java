package dev.baton.transfer.data;

import java.nio.file.Path;

/**
 * An image whose header declares more pixels (or frames) than the {@link ImageGuard} allows: refused
 * before any pixel buffer is allocated.
 */
public final class ImageTooLargeException extends UnreadableImageException {
    private static final long serialVersionUID = 1L;
    private final long width;
    private final long height;
    private final long limit;

    /**
     * @param path the file or a label for it
     * @param reason what is over which limit, naming the limit
     * @param width the declared width
     * @param height the declared height
     * @param limit the pixel limit that applied
     */
    public ImageTooLargeException(Path path, String reason, long width, long height, long limit) {
        super(path, reason, null);
        this.width = width;
        this.height = height;
        this.limit = limit;
    }

    /** @return the width the header declares */
    public long width() {
        return width;
    }

    /** @return the height the header declares */
    public long height() {
        return height;
    }

    /** @return the pixel limit that applied */
    public long limit() {
        return limit;
    }
}
