package dev.strand.distribution.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a bundle cache to one container at a time: an exclusive lock on {@code strand.lock} in
 * the cache folder, held while the container runs. Felix 7.0.5 does not refuse a second framework
 * on the same cache (it ignores a failed {@code tryLock}), and two frameworks writing one cache
 * corrupt it. Thread-safe; released by {@link #close()} or when the process ends.
 */
final class CacheLock implements AutoCloseable {

    static final String FILE = "strand.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code cacheDir}.
     *
     * @throws IllegalStateException if another container holds it
     */
    static CacheLock take(Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        Path file = cacheDir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the bundle cache " + cacheDir + " is in use by another container"
                    + " (it holds the lock on " + file + "); stop that one, or give this one a cache of its own"
                    + " with -D" + ContainerConfig.CACHE_DIR + "=FOLDER");
        }
        return new CacheLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            lock.release();
            channel.close();
        }
    }
}
