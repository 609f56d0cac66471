package dev.strand.secure.streams.proxy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's limit on open files, read from {@code /proc/self/limits}. */
final class FdLimit {

    private FdLimit() {
    }

    /** Fails the test, saying how to fix it, unless this JVM may open at least {@code needed} files. */
    static void require(int needed) throws IOException {
        long soft = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).strip().split("\\s+")[0])
                .mapToLong(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v))
                .findFirst().orElse(Long.MAX_VALUE);
        if (soft < needed) {
            fail("this test opens about " + needed + " sockets but the open-file limit is " + soft
                    + "; run it through ./run-tests (which raises the soft limit) or 'ulimit -n " + needed * 2 + "' first");
        }
    }
}
