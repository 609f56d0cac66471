package dev.strand.distribution.cli;

import dev.strand.distribution.container.ContainerOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The SS proxy in the container, as a child process for the demos: {@code bin/strand proxy ARGS},
 * with a bundle cache of its own (deleted at the end), its output shown indented. Used from one
 * thread.
 */
final class ProxyChild implements AutoCloseable {

    static final long START_TIMEOUT_S = 90;
    static final long STOP_TIMEOUT_S = 30;
    static final String CHILD_PREFIX = "      | ";
    /** What the proxy logs once it listens (SsProxyServer). */
    static final String PROXY_LISTENING = "SS proxy listening on ";

    private final Process process;
    private final ChildLines lines;
    private final Path cache;
    private final long startNanos = System.nanoTime();

    private ProxyChild(Process process, Path cache) {
        this.process = process;
        this.cache = cache;
        this.lines = new ChildLines(process, "proxy", CHILD_PREFIX);
    }

    /** The command line that starts it, for people. */
    static String commandLine(Path home, List<String> args) {
        StringBuilder s = new StringBuilder(home.resolve("bin/strand").toString()).append(" proxy");
        for (String a : args) {
            s.append(' ').append(a.startsWith("-") ? a : "'" + a + "'");
        }
        return s.toString();
    }

    /** Starts {@code bin/strand proxy args} from the distribution at {@code home}. */
    static ProxyChild start(Path home, List<String> args) throws IOException {
        Path cache = Files.createTempDirectory("strand-demo-cache");
        List<String> cmd = new ArrayList<>(List.of("sh", home.resolve("bin/strand").toString(), "proxy"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        String javaOpts = pb.environment().getOrDefault("JAVA_OPTS", "");
        pb.environment().put("JAVA_OPTS", (javaOpts + " -Dstrand.cache.dir=" + cache).strip());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            deleteTree(cache);
            throw e;
        }
        p.getOutputStream().close();
        return new ProxyChild(p, cache);
    }

    /** The bundle cache it uses. */
    Path cache() {
        return cache;
    }

    /**
     * Shows its output until it listens and the container is ready.
     *
     * @return whether it came up
     */
    boolean awaitReady(PrintStream out) throws InterruptedException {
        String listening = lines.await(l -> l.contains(PROXY_LISTENING) || l.startsWith(ContainerOutput.FAILED),
                START_TIMEOUT_S, out);
        if (listening == null || listening.startsWith(ContainerOutput.FAILED)) {
            return false;
        }
        if (lines.await(l -> l.startsWith(ContainerOutput.READY), START_TIMEOUT_S, out) == null) {
            return false;
        }
        lines.await(l -> l.startsWith(ContainerOutput.WATCHING), 10, out);
        return true;
    }

    /** Milliseconds since it was started. */
    long millisSinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Shows what it printed meanwhile. */
    void showOutput(PrintStream out) {
        lines.drain(out);
    }

    /**
     * Stops it as Ctrl-C or a service manager would (SIGTERM) and shows its output until it
     * stopped.
     *
     * @return whether it stopped cleanly in time
     */
    boolean stop(PrintStream out) throws InterruptedException {
        process.toHandle().destroy();
        String stopped = lines.await(l -> l.startsWith(ContainerOutput.STOPPED), STOP_TIMEOUT_S, out);
        return stopped != null && process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Kills it if it still runs and deletes its cache. */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(cache);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
