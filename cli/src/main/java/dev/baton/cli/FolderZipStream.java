package dev.baton.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zips an image folder ({@code <class>/<file>}) on the fly into a stream, so that a dataset of any
 * size is uploaded without a temporary zip file or the whole archive in memory.
 */
final class FolderZipStream {
    private FolderZipStream() {
    }

    static InputStream of(Path folder) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        try {
            PipedInputStream in = new PipedInputStream(1 << 16);
            PipedOutputStream out = new PipedOutputStream(in);
            Thread writer = new Thread(() -> {
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    for (Path file : files) {
                        zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, zip);
                        zip.closeEntry();
                    }
                } catch (IOException e) {
                    // The reader sees the stream end early; the gateway rejects the truncated zip.
                }
            }, "zip-" + folder.getFileName());
            writer.setDaemon(true);
            writer.start();
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
