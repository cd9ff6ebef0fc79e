package dev.baton.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small zip archives in memory for upload tests. */
public final class Zips {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /** @return an empty archive builder */
    public static Zips archive() {
        return new Zips();
    }

    /** @return this, with one more entry */
    public Zips with(String path, byte[] content) {
        entries.put(path, content);
        return this;
    }

    /** @return the zip bytes */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
