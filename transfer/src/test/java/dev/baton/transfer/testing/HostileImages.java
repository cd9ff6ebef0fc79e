package dev.baton.transfer.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Small files that declare huge images: what a hostile client sends to exhaust memory. */
public final class HostileImages {
    private HostileImages() {
    }

    /** A valid 8x8 JPEG whose frame header is rewritten to declare {@code width}x{@code height} (a few hundred bytes). */
    public static byte[] jpegDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jpeg = out.toByteArray();
        for (int i = 0; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }

    /** A real, complete 8-bit grey PNG of {@code size}x{@code size} black pixels: compresses ~1000:1. */
    public static byte[] greyPng(int size) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(png);
            data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            h.writeInt(size);
            h.writeInt(size);
            h.write(new byte[] {8, 0, 0, 0, 0});
            chunk(data, "IHDR", header.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat)) {
                byte[] row = new byte[size + 1];
                for (int y = 0; y < size; y++) {
                    deflate.write(row);
                }
            }
            chunk(data, "IDAT", idat.toByteArray());
            chunk(data, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        out.writeInt(body.length);
        out.write(name);
        out.write(body);
        out.writeInt((int) crc.getValue());
    }
}
