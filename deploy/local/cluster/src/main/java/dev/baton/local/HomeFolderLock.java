package dev.baton.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on the cluster's home folder, so two JVMs never start the same service twice. */
final class HomeFolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private HomeFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeFolderLock acquire(Path home) throws IOException {
        Files.createDirectories(home);
        FileChannel channel = FileChannel.open(home.resolve("cluster.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        return new HomeFolderLock(channel, channel.lock());
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
