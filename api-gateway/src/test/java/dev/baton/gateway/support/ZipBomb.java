package dev.baton.gateway.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A real zip bomb, written in milliseconds instead of deflating gigabytes: every entry is a complete
 * DEFLATE stream of {@code size} zero bytes, one dynamic-Huffman block in which the length-258 code and
 * the distance-1 code are one bit each, so 258 zeros cost two bits (1.5 GiB is 1.5 MB, as
 * {@code zlib -9} would make it). Any inflater (the JDK's {@code ZipInputStream} included) unpacks it to
 * the full size with a matching CRC-32.
 */
public final class ZipBomb {
    private static final int MAX_MATCH = 258;

    private ZipBomb() {
    }

    /**
     * @param size the unpacked bytes of each entry (under 4 GiB: no zip64)
     * @param names the entries' names
     * @return the zip archive
     */
    public static byte[] of(long size, String... names) {
        if (size < 1 || size >= 1L << 32) {
            throw new IllegalArgumentException("1 byte to 4 GiB per entry");
        }
        byte[] data = deflatedZeros(size);
        int crc = crcOfZeros(size);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (String name : names) {
            byte[] file = name.getBytes(StandardCharsets.UTF_8);
            int offset = zip.size();
            zip.writeBytes(header(0x04034b50, false, file, crc, data.length, size, 0));
            zip.writeBytes(data);
            central.writeBytes(header(0x02014b50, true, file, crc, data.length, size, offset));
        }
        int centralOffset = zip.size();
        zip.writeBytes(central.toByteArray());
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(0x06054b50).putShort((short) 0)
                .putShort((short) 0).putShort((short) names.length).putShort((short) names.length)
                .putInt(central.size()).putInt(centralOffset).putShort((short) 0);
        zip.writeBytes(end.array());
        return zip.toByteArray();
    }

    /** A local file header, or a central directory one, for a deflated entry. */
    private static byte[] header(int signature, boolean central, byte[] name, int crc, long compressed, long size,
            int offset) {
        ByteBuffer b = ByteBuffer.allocate((central ? 46 : 30) + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(signature);
        if (central) {
            b.putShort((short) 20);
        }
        b.putShort((short) 20).putShort((short) 0x0800).putShort((short) 8).putShort((short) 0).putShort((short) 0x21)
                .putInt(crc).putInt((int) compressed).putInt((int) size).putShort((short) name.length).putShort((short) 0);
        if (central) {
            b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset);
        }
        return b.put(name).array();
    }

    /** One final dynamic block: literal 0, as many 258-byte copies at distance 1 as fit, literal zeros, end. */
    private static byte[] deflatedZeros(long size) {
        Bits bits = new Bits();
        bits.write(1, 1).write(2, 2); // BFINAL, BTYPE=dynamic
        bits.write(29, 5).write(0, 5).write(14, 4); // 286 literal/length codes, 1 distance code, 18 code-length codes
        // Code-length code lengths in RFC 1951 order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1: 18 -> 1 bit, 1 and 2 -> 2 bits.
        int[] order = {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2};
        for (int length : order) {
            bits.write(length, 3);
        }
        // Canonical code-length code: 18 = 0, 1 = 10, 2 = 11. Literal/length lengths: 0 -> 2, 256 -> 2, 285 -> 1.
        bits.code(0b11, 2); // literal 0: length 2
        bits.code(0b0, 1).write(138 - 11, 7); // literals 1..138: unused
        bits.code(0b0, 1).write(117 - 11, 7); // literals 139..255: unused
        bits.code(0b11, 2); // 256 (end of block): length 2
        bits.code(0b0, 1).write(28 - 11, 7); // 257..284: unused
        bits.code(0b10, 2); // 285 (length 258): length 1
        bits.code(0b10, 2); // distance code 0 (distance 1): length 1
        // Canonical literal/length code: 285 = 0, literal 0 = 10, 256 = 11; distance 0 = 0.
        bits.code(0b10, 2);
        long copies = (size - 1) / MAX_MATCH;
        bits.zeros(copies * 2); // each copy: length code 285 (0) and distance code 0 (0)
        for (long i = 1 + copies * MAX_MATCH; i < size; i++) {
            bits.code(0b10, 2);
        }
        bits.code(0b11, 2);
        return bits.bytes();
    }

    private static int crcOfZeros(long size) {
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[1 << 20];
        for (long left = size; left > 0; left -= zeros.length) {
            crc.update(zeros, 0, (int) Math.min(zeros.length, left));
        }
        return (int) crc.getValue();
    }

    /** A DEFLATE bit stream: values least significant bit first, Huffman codes most significant bit first. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        Bits write(int value, int count) {
            for (int i = 0; i < count; i++) {
                bit((value >> i) & 1);
            }
            return this;
        }

        Bits code(int code, int length) {
            for (int i = length - 1; i >= 0; i--) {
                bit((code >> i) & 1);
            }
            return this;
        }

        void zeros(long count) {
            while (count > 0 && used != 0) {
                bit(0);
                count--;
            }
            out.write(new byte[(int) (count / 8)], 0, (int) (count / 8));
            for (long i = 0; i < count % 8; i++) {
                bit(0);
            }
        }

        private void bit(int bit) {
            current |= bit << used;
            if (++used == 8) {
                out.write(current);
                current = 0;
                used = 0;
            }
        }

        byte[] bytes() {
            if (used > 0) {
                out.write(current);
            }
            return out.toByteArray();
        }
    }
}
