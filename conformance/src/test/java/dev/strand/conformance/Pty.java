package dev.strand.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal pair, {@code socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B}: two
 * serial devices wired to each other, as a UART between a device and its gateway. socat is
 * installed with apt if it is missing; if it still cannot start, the suite fails.
 */
final class Pty implements AutoCloseable {

    private final Path dir;
    final Path a;
    final Path b;
    private final Process socat;

    Pty() throws Exception {
        ensureSocat();
        dir = Files.createTempDirectory("strand-conformance-pty");
        a = dir.resolve("a");
        b = dir.resolve("b");
        socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("socat did not make its pty pair: " + Files.readString(dir.resolve("socat.log")));
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws Exception {
        socat.destroy();
        if (!socat.waitFor(10, TimeUnit.SECONDS)) {
            socat.destroyForcibly().waitFor();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    private static synchronized void ensureSocat() throws Exception {
        if (run("command -v socat")) {
            return;
        }
        run("apt-get install -y -q socat || (apt-get update -q && apt-get install -y -q socat)");
        if (!run("command -v socat")) {
            throw new IOException("socat is needed for the UART placement and could not be installed");
        }
    }

    static boolean run(String shell) throws Exception {
        Process p = new ProcessBuilder(List.of("sh", "-c", shell)).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
