package dev.strand.distribution.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by socat ({@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}):
 * two serial-like devices wired to each other, standing in for a UART between a device and its
 * proxy. If socat is missing and this is a Debian-like system run as root, it is installed with
 * apt-get (shown as it happens); otherwise the error says how to get it.
 */
final class PtyPair implements AutoCloseable {

    private static final long START_TIMEOUT_S = 10;
    private static final long INSTALL_TIMEOUT_S = 300;

    private final Process socat;
    final Path a;
    final Path b;

    private PtyPair(Process socat, Path a, Path b) {
        this.socat = socat;
        this.a = a;
        this.b = b;
    }

    /**
     * Makes the pair as {@code a} and {@code b} (symbolic links to the pty devices).
     *
     * @throws IOException if socat cannot be had or does not make the pair, saying why
     */
    static PtyPair start(Path a, Path b, PrintStream out) throws IOException, InterruptedException {
        ensureSocat(out);
        Path log = Files.createTempFile("strand-demo-socat", ".log");
        try {
            Process p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
            while (!(Files.exists(a) && Files.exists(b))) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("socat did not make its pty pair: " + Files.readString(log).strip());
                }
                Thread.sleep(5);
            }
            return new PtyPair(p, a, b);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Stops socat; both devices go away. */
    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS)) {
            socat.destroyForcibly();
        }
    }

    private static void ensureSocat(PrintStream out) throws IOException, InterruptedException {
        if (onPath("socat")) {
            return;
        }
        if (!onPath("apt-get") || !"root".equals(System.getProperty("user.name"))) {
            throw new IOException("socat is not installed, and this is not a Debian-like system run as root where"
                    + " the demo could install it: install socat (e.g. 'sudo apt-get install socat') and run again");
        }
        out.println("      socat is not installed; installing it: apt-get install -y socat");
        if (!run(List.of("apt-get", "install", "-y", "socat"), out)) {
            out.println("      that failed; refreshing the package lists first: apt-get update");
            run(List.of("apt-get", "update"), out);
            if (!run(List.of("apt-get", "install", "-y", "socat"), out) || !onPath("socat")) {
                throw new IOException("socat could not be installed with apt-get (its output is above);"
                        + " install it and run again");
            }
        }
    }

    private static boolean run(List<String> command, PrintStream out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ChildLines lines = new ChildLines(p, command.get(0), "      | ");
        lines.await(l -> false, INSTALL_TIMEOUT_S, out);
        if (!p.waitFor(INSTALL_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
