package dev.strand.distribution.cli;

import dev.strand.distribution.container.ContainerOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code strand demo}: the first thing a newcomer runs. For now it starts the container as a
 * child process (with a bundle cache of its own), waits until every bundle is active, shows the
 * transports and protocols found, and stops the container cleanly, saying what happens at each
 * step. Later issues grow it into an end-to-end run (proxy, origin, client).
 */
final class DemoCommand implements Subcommand {

    private static final long START_TIMEOUT_S = 90;
    private static final long STOP_TIMEOUT_S = 30;
    private static final String CHILD_PREFIX = "      | ";
    private static final String EOF = "\u0000end-of-output";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "start the container, show what it found, stop it (the first thing to try)";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        if (!args.isEmpty()) {
            throw new UsageException("takes no arguments yet");
        }
        PrintStream out = context.out();
        Optional<Path> home = context.home().filter(h -> Files.isRegularFile(h.resolve("bin/strand")));
        if (home.isEmpty()) {
            context.err().println("strand demo: needs the distribution folder (bin/, lib/, bundle/):"
                    + " run it as DISTRIBUTION/bin/strand demo (the jlink image has no container)");
            return 1;
        }
        Path cache = Files.createTempDirectory("strand-demo-cache");
        try {
            return demo(home.get(), cache, out, context.err());
        } finally {
            deleteTree(cache);
        }
    }

    private int demo(Path home, Path cache, PrintStream out, PrintStream err) throws Exception {
        out.println("Strand demo: the container starts, shows what it found, and stops.");
        out.println();
        out.println("[1/3] Starting the container: embedded Felix with the bundles of " + home.resolve("bundle"));
        out.println("      (its own output is shown indented; the bundle cache is " + cache + ")");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/strand").toString()).redirectErrorStream(true);
        String javaOpts = pb.environment().getOrDefault("JAVA_OPTS", "");
        pb.environment().put("JAVA_OPTS", (javaOpts + " -Dstrand.cache.dir=" + cache).strip());
        Process container = pb.start();
        container.getOutputStream().close();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(container, lines), "strand-demo-container-output");
        reader.setDaemon(true);
        reader.start();

        String ready = awaitLine(lines, ContainerOutput.READY, START_TIMEOUT_S, out);
        if (ready == null) {
            err.println("strand demo: the container did not come up within " + START_TIMEOUT_S + " s;"
                    + " its output is above");
            container.destroyForcibly();
            return 1;
        }
        String transports = awaitLine(lines, ContainerOutput.TRANSPORTS, 10, out);
        String protocols = awaitLine(lines, ContainerOutput.PROTOCOLS, 10, out);
        awaitLine(lines, ContainerOutput.WATCHING, 10, out);
        long upMs = (System.nanoTime() - t0) / 1_000_000;
        out.println();
        out.println("[2/3] The container is up after " + upMs + " ms: "
                + ready.substring(ContainerOutput.READY.length()));
        out.println("      transports found: " + after(transports, ContainerOutput.TRANSPORTS));
        out.println("      protocols found:  " + after(protocols, ContainerOutput.PROTOCOLS));
        out.println();
        out.println("[3/3] Stopping the container (SIGTERM, as Ctrl-C or a service manager would)");
        // through the handle: Process.destroy() would also close the pipe and lose the last lines
        container.toHandle().destroy();
        String stopped = awaitLine(lines, ContainerOutput.STOPPED, STOP_TIMEOUT_S, out);
        boolean exited = container.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
        if (stopped == null || !exited) {
            err.println("strand demo: the container did not stop cleanly; its output is above");
            container.destroyForcibly();
            return 1;
        }
        out.println();
        out.println("Done: the container started, found its transports and stopped cleanly.");
        out.println("Next: run " + home.resolve("bin/strand") + " to keep it running, and copy a transport");
        out.println("bundle into " + home.resolve("deploy") + " to watch it appear (see README.md).");
        return 0;
    }

    /** Shows the container's lines until one starts with {@code prefix}; null if none came in time. */
    private static String awaitLine(LinkedBlockingQueue<String> lines, String prefix, long timeoutS, PrintStream out)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                return null;
            }
            out.println(CHILD_PREFIX + line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    private static String after(String line, String prefix) {
        return line == null ? "(not reported)" : line.substring(prefix.length());
    }

    private static void readLines(Process p, LinkedBlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the container's output failed: " + e.getMessage() + ")");
        } finally {
            lines.add(EOF);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
