package dev.strand.distribution.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * Which content each managed bundle was installed from: the SHA-256 of its jar, by location, kept
 * in a file inside the bundle cache. A warm start compares contents rather than time stamps,
 * because reproducible builds give every jar the same time stamp. The file lives and dies with
 * the cache. Used by one thread at a time.
 */
final class InstalledDigests {

    private final Path file;
    private final Properties digests = new Properties();

    private InstalledDigests(Path file) {
        this.file = file;
    }

    /** The digests recorded in {@code file}; none if it does not exist or cannot be read. */
    static InstalledDigests load(Path file) {
        InstalledDigests d = new InstalledDigests(file);
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                d.digests.load(r);
            } catch (IOException | IllegalArgumentException e) {
                d.digests.clear();
            }
        }
        return d;
    }

    /** The digest {@code location} was installed from, if known. */
    Optional<String> get(String location) {
        return Optional.ofNullable(digests.getProperty(location));
    }

    /** Records what {@code location} was installed from. */
    void put(String location, String digest) throws IOException {
        if (!digest.equals(digests.setProperty(location, digest))) {
            save();
        }
    }

    /** Forgets {@code location} (it was uninstalled). */
    void remove(String location) throws IOException {
        if (digests.remove(location) != null) {
            save();
        }
    }

    /** The SHA-256 of a file, in hex. */
    static String digestOf(Path jar) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(jar)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            digests.store(w, "SHA-256 of the jar each Strand-managed bundle was installed from");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
