package dev.strand.transport.wsi.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of a Unix socket on the file system. Like lws, a listener removes a stale socket file
 * before it binds (a socket left behind by a process that died); unlike lws, it first checks that
 * nothing answers there, so that it never steals the path of a live listener. It also refuses to
 * remove anything that is not a socket. On close the listener removes the file it made, and only
 * that file.
 */
final class UnixSocketFiles {

    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketFiles.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private UnixSocketFiles() {
    }

    /**
     * Makes {@code path} free for a bind.
     *
     * @throws IOException if a live listener owns it or it is not a socket
     */
    static void prepareForBind(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IOException("cannot listen on unix:" + path + ": the path exists and is not a socket");
        }
        if (answers(path)) {
            throw new IOException("cannot listen on unix:" + path + ": address in use (a live listener answers there)");
        }
        Files.deleteIfExists(path);
        LOG.info("removed stale Unix socket file {}", path);
    }

    /** The identity of the file at {@code path} (device and inode), or {@code null}. */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes {@code path} if it is still the file identified by {@code key}. */
    static void removeIfSame(Path path, Object key) {
        try {
            if (key != null && key.equals(fileKey(path))) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove Unix socket file {}: {}", path, e.toString());
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        }
    }

    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            return false;
        }
    }
}
