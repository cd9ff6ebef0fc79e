package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    private static void writeIdx(OutputStream raw, int[] dims, byte[] data) throws IOException {
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    @Test
    void readsPlainAndGzippedFiles() throws Exception {
        byte[] data = {1, 2, 3, 4, 5, 6, (byte) 200, 8, 9, 10, 11, 12};
        Path plain = dir.resolve("x-idx3-ubyte");
        writeIdx(Files.newOutputStream(plain), new int[] {3, 2, 2}, data);
        Path gz = dir.resolve("x-idx3-ubyte.gz");
        writeIdx(new GZIPOutputStream(Files.newOutputStream(gz)), new int[] {3, 2, 2}, data);
        for (Path p : new Path[] {plain, gz}) {
            IdxFile f = IdxFile.read(p);
            assertArrayEquals(new int[] {3, 2, 2}, f.dims());
            assertEquals(3, f.count());
            assertEquals(4, f.itemSize());
            assertEquals(200, f.valueAt(6));
        }
    }

    @Test
    void rejectsOtherFiles() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "not idx at all");
        assertThrows(IOException.class, () -> IdxFile.read(bad));
    }
}
