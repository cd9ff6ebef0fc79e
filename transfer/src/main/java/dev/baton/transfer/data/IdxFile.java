package dev.baton.transfer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An unsigned-byte IDX file (the MNIST format) read fully into memory: a magic number
 * {@code 0x0000 08 nd}, {@code nd} big-endian int dimensions, then the bytes. Gzipped files
 * ({@code .gz}) are decompressed transparently.
 *
 * @param dims the dimensions, e.g. {60000, 28, 28} for images, {60000} for labels
 * @param data the values, row-major
 */
public record IdxFile(int[] dims, byte[] data) {

    /** Reads {@code path}. */
    public static IdxFile read(Path path) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path));
                DataInputStream in = new DataInputStream(wrap(raw, path))) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != 0x08) {
                throw new IOException("Not an unsigned-byte IDX file (magic 0x"
                        + Integer.toHexString(magic) + "): " + path);
            }
            int nd = magic & 0xFF;
            int[] dims = new int[nd];
            long total = 1;
            for (int i = 0; i < nd; i++) {
                dims[i] = in.readInt();
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE) {
                throw new IOException("IDX file too large: " + Arrays.toString(dims) + " " + path);
            }
            byte[] data = new byte[(int) total];
            in.readFully(data);
            return new IdxFile(dims, data);
        }
    }

    private static InputStream wrap(InputStream raw, Path path) throws IOException {
        return path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** Number of items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** Bytes per item (the product of the other dimensions). */
    public int itemSize() {
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    /** The value of a one-dimensional file at {@code i} (0..255). */
    public int valueAt(int i) {
        return data[i] & 0xFF;
    }
}
