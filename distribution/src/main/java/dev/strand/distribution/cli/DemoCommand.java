package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.StreamOptions;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.distribution.container.ContainerOutput;
import dev.strand.secure.streams.policy.DefaultPolicy;
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
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code strand demo}: the main job, locally, for a newcomer. It starts a TCP echo origin on the
 * default policy's {@code echo} port (127.0.0.1:17777), the SS proxy in the container (a child
 * process, {@code bin/strand proxy}, with a bundle cache of its own) on a private abstract socket,
 * and a client stream of streamtype {@code echo} through them; it prints the states, the bytes sent
 * and echoed and the timings, then stops everything cleanly. Needs no network beyond loopback.
 */
final class DemoCommand implements Subcommand {

    private static final long START_TIMEOUT_S = 90;
    private static final long STREAM_TIMEOUT_S = 15;
    private static final long STOP_TIMEOUT_S = 30;
    private static final String CHILD_PREFIX = "      | ";
    private static final String EOF = "\u0000end-of-output";
    /** What the proxy logs once it listens (SsProxyServer). */
    private static final String PROXY_LISTENING = "SS proxy listening on ";
    private static final List<String> MESSAGES = List.of(
            "Hello from Strand's demo client.\n",
            "This line went client -> proxy -> origin and back.\n",
            "The proxy chose the origin from its policy: streamtype 'echo'.\n");

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
        return "run an SS proxy, a local origin and a client stream through them (the first thing to try)";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        if (!args.isEmpty()) {
            throw new UsageException("takes no arguments");
        }
        Optional<Path> home = context.home().filter(h -> Files.isRegularFile(h.resolve("bin/strand")));
        if (home.isEmpty()) {
            context.err().println("strand demo: needs the distribution folder (bin/, lib/, bundle/):"
                    + " run it as DISTRIBUTION/bin/strand demo (the jlink image has no container)");
            return 1;
        }
        Endpoint originAt = Endpoint.parse("tcp:127.0.0.1:" + DefaultPolicy.ECHO_PORT);
        DemoOrigin origin;
        try {
            origin = new DemoOrigin(originAt);
        } catch (IOException e) {
            context.err().println("strand demo: cannot run the echo origin on " + originAt + " (" + e.getMessage()
                    + "); is another demo running?");
            return 1;
        }
        Path cache = Files.createTempDirectory("strand-demo-cache");
        try (origin) {
            return demo(home.get(), cache, origin, context.out(), context.err());
        } finally {
            deleteTree(cache);
        }
    }

    private int demo(Path home, Path cache, DemoOrigin origin, PrintStream out, PrintStream err) throws Exception {
        Endpoint proxyAt = Endpoint.parse("@strand-demo-" + ProcessHandle.current().pid());
        out.println("Strand demo: an SS proxy, a local origin, and a client stream through them.");
        out.println();
        out.println("[1/5] The origin: a TCP echo server on " + origin.endpoint() + ", where the default policy");
        out.println("      sends streamtype 'echo' (raw TCP). It runs in this process.");
        out.println();
        out.println("[2/5] The SS proxy: " + home.resolve("bin/strand") + " proxy --listen '" + proxyAt + "'");
        out.println("      (the container in a child process; its output is indented; bundle cache " + cache + ")");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/strand").toString(), "proxy", "--listen",
                proxyAt.toString()).redirectErrorStream(true);
        String javaOpts = pb.environment().getOrDefault("JAVA_OPTS", "");
        pb.environment().put("JAVA_OPTS", (javaOpts + " -Dstrand.cache.dir=" + cache).strip());
        Process container = pb.start();
        container.getOutputStream().close();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(container, lines), "strand-demo-container-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String listening = awaitLine(lines, l -> l.contains(PROXY_LISTENING) || l.startsWith(ContainerOutput.FAILED),
                    START_TIMEOUT_S, out);
            String ready = listening == null || listening.startsWith(ContainerOutput.FAILED) ? null
                    : awaitLine(lines, l -> l.startsWith(ContainerOutput.READY), START_TIMEOUT_S, out);
            if (ready == null) {
                err.println("strand demo: the proxy did not come up within " + START_TIMEOUT_S + " s; its output is above");
                return 1;
            }
            awaitLine(lines, l -> l.startsWith(ContainerOutput.WATCHING), 10, out);
            out.println("      The proxy is up after " + (System.nanoTime() - t0) / 1_000_000 + " ms, listening on "
                    + proxyAt + ".");
            out.println();
            int status = stream(proxyAt, origin, out, err);
            out.println();
            out.println("[5/5] Stopping the proxy (SIGTERM, as Ctrl-C or a service manager would)");
            container.toHandle().destroy();
            String stopped = awaitLine(lines, l -> l.startsWith(ContainerOutput.STOPPED), STOP_TIMEOUT_S, out);
            if (stopped == null || !container.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                err.println("strand demo: the proxy did not stop cleanly; its output is above");
                return 1;
            }
            if (status != 0) {
                return status;
            }
            out.println();
            out.println("Done: the client's bytes went through the proxy to the origin and back, unchanged.");
            out.println("Next: run '" + home.resolve("bin/strand") + " proxy' and, in another terminal,");
            out.println("'echo hello | " + home.resolve("bin/strand") + " ss echo' (see README.md).");
            return 0;
        } finally {
            if (container.isAlive()) {
                container.destroyForcibly();
            }
        }
    }

    private int stream(Endpoint proxyAt, DemoOrigin origin, PrintStream out, PrintStream err) throws Exception {
        out.println("[3/5] A client stream of streamtype 'echo' through the proxy (SsProxyClient, " + proxyAt + "):");
        SsProxyClient client = SsProxyClient.builder(proxyAt).build();
        DemoClient app = new DemoClient(MESSAGES, out);
        try (EventLoop loop = new EventLoop("strand-demo-client")) {
            loop.execute(() -> client.create(StreamOptions.of(DefaultPolicy.ECHO, app), loop));
            if (!app.allEchoed.await(STREAM_TIMEOUT_S, TimeUnit.SECONDS)) {
                err.println("strand demo: the echo did not come back within " + STREAM_TIMEOUT_S + " s (last state "
                        + app.last + ")");
                client.close();
                return 1;
            }
            out.println();
            out.println("[4/5] " + app.expectedBytes() + " bytes sent, " + origin.echoed.get() + " bytes echoed by the origin, "
                    + (app.echoMatches() ? "all back byte for byte" : "BUT THE ECHO DIFFERS") + "; round trip "
                    + (app.echoedNanos - app.firstSentNanos) / 1_000 + " µs. Closing the stream:");
            loop.execute(() -> app.stream.close());
            app.destroyed.await(STREAM_TIMEOUT_S, TimeUnit.SECONDS);
            client.close();
            return app.echoMatches() ? 0 : 1;
        }
    }

    /** Shows the container's lines until one matches; null if none came in time. */
    private static String awaitLine(LinkedBlockingQueue<String> lines, Predicate<String> wanted, long timeoutS,
                                    PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                return null;
            }
            out.println(CHILD_PREFIX + line);
            if (wanted.test(line)) {
                return line;
            }
        }
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
