package dev.strand.core.net.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal pair made by {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}:
 * two serial-like devices at stable paths, wired to each other. The test can stop socat (bytes stop
 * flowing, nothing closes), kill it (both devices vanish, as when a USB adapter is unplugged) and
 * start it again on the same paths. If socat is missing it is installed with apt; if it still cannot
 * start, the test fails. For the serial transport's tests and every test that runs Strand over a
 * serial line. Not thread-safe: one test thread drives it.
 */
public final class SocatPair implements AutoCloseable {

    private final Path dir;
    private final Path a;
    private final Path b;
    private Process socat;

    public SocatPair() throws Exception {
        ensureSocat();
        dir = Files.createTempDirectory("strand-pty");
        a = dir.resolve("a");
        b = dir.resolve("b");
        start();
    }

    /** Starts socat and waits for both device links. */
    public void start() throws Exception {
        Files.deleteIfExists(a);
        Files.deleteIfExists(b);
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

    /** Device A's path (socat's {@code link=}). */
    public Path a() {
        return a;
    }

    /** Device B's path (socat's {@code link=}). */
    public Path b() {
        return b;
    }

    public String deviceA() {
        return a.toString();
    }

    public String deviceB() {
        return b.toString();
    }

    /** Freezes socat: no byte moves between the devices, both stay open. */
    public void stop() throws Exception {
        signal("STOP");
    }

    public void resume() throws Exception {
        signal("CONT");
    }

    /**
     * Kills socat with SIGKILL, frozen or not: both devices go away at once and whatever socat had
     * not relayed yet is lost, as when a cable is cut.
     */
    public void cut() throws Exception {
        if (socat != null && socat.isAlive()) {
            socat.destroyForcibly();
            if (!socat.waitFor(10, TimeUnit.SECONDS)) {
                throw new IOException("socat did not die of SIGKILL");
            }
        }
        Files.deleteIfExists(a);
        Files.deleteIfExists(b);
    }

    /** Kills socat: both devices go away, as an unplugged adapter does. */
    public void kill() throws Exception {
        if (socat != null && socat.isAlive()) {
            signal("CONT");
            socat.destroy();
            if (!socat.waitFor(10, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor();
            }
        }
        Files.deleteIfExists(a);
        Files.deleteIfExists(b);
    }

    /** Writes {@code bytes} into device {@code device} from another process, as a third party on the line. */
    public static void injectFromAnotherProcess(Path device, byte[] bytes) throws Exception {
        File data = Files.createTempFile("strand-inject", ".bin").toFile();
        try {
            Files.write(data.toPath(), bytes);
            Process p = new ProcessBuilder("sh", "-c", "cat '" + data + "' > '" + device.toRealPath() + "'")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("injecting into " + device + " failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } finally {
            data.delete();
        }
    }

    private void signal(String sig) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(socat.pid())).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + sig + " socat failed");
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    private static synchronized void ensureSocat() throws Exception {
        if (onPath()) {
            return;
        }
        Process p = new ProcessBuilder(List.of("sh", "-c", "apt-get install -y -q socat || (apt-get update -q && apt-get install -y -q socat)"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(300, TimeUnit.SECONDS);
        if (!onPath()) {
            throw new IOException("socat is needed for the pty tests and could not be installed: " + out);
        }
    }

    private static boolean onPath() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v socat").start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
