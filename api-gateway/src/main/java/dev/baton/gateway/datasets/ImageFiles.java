package dev.baton.gateway.datasets;

import dev.baton.transfer.data.ImageDecoder;
import dev.baton.transfer.data.ImageTooLargeException;
import dev.baton.transfer.data.UnreadableImageException;
import java.util.Locale;
import java.util.Set;

/** Which files are images, and whether they decode (through the workers' {@link ImageDecoder}). */
final class ImageFiles {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private ImageFiles() {
    }

    /** @return whether the name has an image extension */
    static boolean isImageName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Decodes the image through the guard (a header declaring too many pixels is refused before
     * any pixel is read).
     *
     * @return null when the bytes decode, else why not
     */
    static String problemDecoding(ImageDecoder decoder, byte[] bytes, String name) {
        try {
            decoder.decode(bytes, name);
            return null;
        } catch (ImageTooLargeException e) {
            return e.reason();
        } catch (UnreadableImageException e) {
            return "not a decodable image";
        }
    }

    /** @return the content type for the file name */
    static String contentType(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") ? "image/png" : lower.endsWith(".bmp") ? "image/bmp"
                : lower.endsWith(".gif") ? "image/gif" : "image/jpeg";
    }
}
