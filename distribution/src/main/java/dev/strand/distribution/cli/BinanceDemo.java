package dev.strand.distribution.cli;

import dev.strand.examples.binance.BinancePolicies;
import dev.strand.examples.binance.SecondReport;
import dev.strand.examples.binance.feed.FeedCertificates;
import dev.strand.examples.binance.feed.FeedScript;
import dev.strand.examples.binance.feed.LocalFeed;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code strand demo [--live] [--seconds N] [--rate N]}: the main job on one machine, as lws's
 * pico binance example runs it on a board. The steps, each announced for a newcomer:
 *
 * <ol>
 *   <li>a CA made now and a certificate it signed for the local feed (keytool);</li>
 *   <li>the local feed in this process: wss on 127.0.0.1, {@code --rate} binance-like depth
 *       updates a second with known prices ({@link FeedScript});</li>
 *   <li>the proxy's policy, written to a private folder: streamtype {@code binance} to the feed,
 *       trusting only that CA;</li>
 *   <li>a serial line: a socat pty pair standing in for the UART (socat installed if missing);</li>
 *   <li>the SS proxy in the container (a child {@code bin/strand proxy}) listening on one end
 *       ({@code uart:}, the transport mux on top);</li>
 *   <li>the "pico" client on the other end (a child {@code bin/strand pico-binance}: the SSPC-only
 *       modules), printing its per-second lines for {@code --seconds}.</li>
 * </ol>
 *
 * Then it stops everything and sums up. With {@code --live} steps 1 and 2 go and the policy is the
 * shipped one for {@code fstream.binance.com}; without a route there the client gives up at the
 * first UNREACHABLE and the demo says so (status 2). Status 0 when the client printed its reports,
 * each with depth updates and nothing malformed.
 */
final class BinanceDemo {

    /** The feed's default rate: about what the lws capture shows. */
    static final int DEFAULT_RATE = 10;
    static final int DEFAULT_SECONDS = 10;
    /** What lws's pico client runs its UART at. */
    static final int BAUD = 2_000_000;
    /** How long the client may take to connect (container start-up is separate). */
    static final long CONNECT_TIMEOUT_S = 30;
    private static final String PICO_PREFIX = "      ";
    /** slf4j-simple's level for the feed's loggers. */
    private static final String FEED_LOG_LEVEL = "org.slf4j.simpleLogger.log.dev.strand.examples.binance.feed";

    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean live;
    private final int seconds;
    private final int rate;

    BinanceDemo(Path home, PrintStream out, PrintStream err, boolean live, int seconds, int rate) {
        this.home = home;
        this.out = out;
        this.err = err;
        this.live = live;
        this.seconds = seconds;
        this.rate = rate;
    }

    int run() throws Exception {
        Path dir = Files.createTempDirectory("strand-demo");
        try {
            return live ? runLive(dir) : runLocal(dir);
        } finally {
            ProxyChild.deleteTree(dir);
        }
    }

    private int runLocal(Path dir) throws Exception {
        // the demo tells what the feed does; its own log lines would only interleave
        System.setProperty(FEED_LOG_LEVEL, System.getProperty(FEED_LOG_LEVEL, "warn"));
        out.println("Strand demo: lws's binance example on a \"pico\" client at the end of a serial line,");
        out.println("through the SS proxy, to a local market feed. No network beyond loopback is needed.");
        out.println();
        out.println("[1/6] Certificates: a CA made just now, and a certificate it signed for the feed (JDK keytool)");
        long t0 = System.nanoTime();
        FeedCertificates certs = FeedCertificates.generate("127.0.0.1");
        out.println("      done in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; the CA is "
                + certs.ca().getSubjectX500Principal().getName());
        out.println();
        try (LocalFeed feed = LocalFeed.start(LocalFeed.Options.demo(rate), certs)) {
            out.println("[2/6] The local feed: wss://127.0.0.1:" + feed.port() + LocalFeed.PATH + " in this process,");
            out.println("      " + rate + " binance-like depth updates a second per client; the best ask falls from"
                    + " 50000.000 by 1.237");
            out.println("      a step and starts again every " + rate + " updates; a bookTicker follows every fifth.");
            out.println();
            Path policy = dir.resolve("policy.json");
            Files.writeString(policy, BinancePolicies.localFeed("127.0.0.1", feed.port(), certs.caDerBase64()));
            out.println("[3/6] The proxy's policy: " + policy);
            out.println("      streamtype 'binance' = WebSocket over TLS to 127.0.0.1:" + feed.port()
                    + ", nailed up, retrying forever,");
            out.println("      trusting only the CA from step 1 (the client never sees it: the policy lives in the proxy)");
            out.println();
            Outcome outcome = serialProxyAndPico(dir, policy, 4, 6);
            out.println("      and the feed, which sent " + feed.depthUpdatesSent() + " depth updates ("
                    + feed.bytesSent() / 1024 + " KiB with the bookTickers) to " + feed.connections() + " client(s)");
            return summary(outcome);
        }
    }

    private int runLive(Path dir) throws Exception {
        out.println("Strand demo --live: lws's binance example on a \"pico\" client at the end of a serial line,");
        out.println("through the SS proxy, to Binance's futures stream (" + BinancePolicies.LIVE_HOST + ":443).");
        out.println();
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, BinancePolicies.live());
        out.println("[1/4] The proxy's policy: the shipped live policy, copied to " + policy);
        out.println("      streamtype 'binance' = WebSocket over TLS to " + BinancePolicies.LIVE_HOST + ":443,");
        out.println("      /" + BinancePolicies.STREAM_PATH);
        out.println("      trusting only DigiCert Global Root G2, the root Binance's certificate chains to");
        out.println();
        return summary(serialProxyAndPico(dir, policy, 2, 4));
    }

    /** What the pico client did: its exit status and lines, and whether it was told the feed is unreachable. */
    private record Outcome(int status, List<SecondReport> reports, boolean unreachable) {
        static Outcome failed(int status) {
            return new Outcome(status, List.of(), false);
        }
    }

    /** Steps: the pty pair, the proxy on one end, the pico client on the other; then both stop. */
    private Outcome serialProxyAndPico(Path dir, Path policy, int step, int steps) throws Exception {
        Path proxyTty = dir.resolve("proxy-tty");
        Path picoTty = dir.resolve("pico-tty");
        out.println("[" + step + "/" + steps + "] A serial line: socat makes a pty pair, " + proxyTty + " <-> " + picoTty);
        out.println("      (it stands in for the UART between a board and its gateway)");
        PtyPair line;
        try {
            line = PtyPair.start(proxyTty, picoTty, out);
        } catch (IOException e) {
            err.println("strand demo: " + e.getMessage());
            return Outcome.failed(1);
        }
        out.println();
        try (line) {
            String listen = "uart:" + proxyTty + "?baud=" + BAUD;
            List<String> proxyArgs = List.of("--policy", policy.toString(), "--listen", listen);
            out.println("[" + (step + 1) + "/" + steps + "] The SS proxy in the container, on the proxy's end of the line:");
            out.println("      " + ProxyChild.commandLine(home, proxyArgs));
            out.println("      (a child process; its output is indented; the transport mux runs on the serial line)");
            try (ProxyChild proxy = ProxyChild.start(home, proxyArgs)) {
                if (!proxy.awaitReady(out)) {
                    err.println("strand demo: the proxy did not come up within " + ProxyChild.START_TIMEOUT_S
                            + " s; its output is above");
                    return Outcome.failed(1);
                }
                out.println("      The proxy is up after " + proxy.millisSinceStart() + " ms.");
                out.println();
                Outcome outcome = pico(picoTty, step + 2, steps, proxy);
                out.println();
                out.println("Stopping the proxy (SIGTERM, as Ctrl-C or a service manager would), socat"
                        + (live ? "" : ","));
                if (!proxy.stop(out)) {
                    err.println("strand demo: the proxy did not stop cleanly; its output is above");
                    return outcome.status() == 0 ? Outcome.failed(1) : outcome;
                }
                return outcome;
            }
        }
    }

    /** The pico client: started and shown until it ends. */
    private Outcome pico(Path picoTty, int step, int steps, ProxyChild proxy) throws Exception {
        List<String> args = new ArrayList<>(List.of(picoTty.toString(), "--baud", Integer.toString(BAUD),
                "--seconds", Integer.toString(seconds), "--connect-timeout", Long.toString(CONNECT_TIMEOUT_S),
                "--fail-unreachable"));
        out.println("[" + step + "/" + steps + "] The \"pico\" client on the other end, for " + seconds + " s:");
        out.println("      " + home.resolve("bin/strand") + " pico-binance " + String.join(" ", args));
        out.println("      (SSPC over the transport mux, on the SSPC-only modules: no Netty, no TLS, no JSON library,");
        out.println("      no policy; it sees only streamtype 'binance'. Each second it prints the best ask's");
        out.println("      min/max/average in cents, the event latency's in ms (its clock minus the update's \"E\"),");
        out.println("      the depth updates per second and the KiB/s it received. Its clock is the proxy's, learnt");
        out.println("      from the mux's PONGACK as lws's pico does, plus half the PING round trip (lws adds none),");
        out.println("      so latencies are right to within a few ms.)");
        List<String> cmd = new ArrayList<>(List.of("sh", home.resolve("bin/strand").toString(), "pico-binance"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ChildLines lines = new ChildLines(p, "pico", PICO_PREFIX);
        List<SecondReport> reports = new ArrayList<>();
        boolean unreachable = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_TIMEOUT_S + seconds + 60L);
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
                String line = lines.await(l -> true, Math.max(1, left), out);
                proxy.showOutput(out);
                if (line == null) {
                    break;
                }
                SecondReport.parse(line).ifPresent(reports::add);
                unreachable |= line.startsWith("binance: UNREACHABLE") || line.startsWith("binance: ALL_RETRIES_FAILED");
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                err.println("strand demo: the pico client did not finish in time; stopping it");
                return Outcome.failed(1);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        proxy.showOutput(out);
        return new Outcome(p.exitValue(), reports, unreachable);
    }

    /** Says how it went; the exit status. */
    private int summary(Outcome o) {
        out.println();
        if (o.status() == 2 && live && o.unreachable()) {
            err.println("strand demo --live: the proxy could not reach " + BinancePolicies.LIVE_HOST + ":443 (the proxy's"
                    + " log above says why): this machine seems to have no route to Binance. 'strand demo' without"
                    + " --live runs the same client against a local feed.");
            return 2;
        }
        if (o.status() != 0) {
            err.println("strand demo: the pico client ended with status " + o.status() + "; its output is above");
            return o.status();
        }
        List<SecondReport> reports = o.reports();
        long updates = reports.stream().mapToLong(SecondReport::messages).sum();
        long skipped = reports.stream().mapToLong(r -> r.malformed() + r.oversized() + r.partial()).sum();
        boolean everySecondHadUpdates = reports.stream().allMatch(r -> r.messages() > 0);
        out.println("Done: the pico client printed " + reports.size() + " per-second lines, counting " + updates
                + " depth updates" + (skipped > 0 ? " and skipping " + skipped + " messages" : "") + ".");
        if (reports.size() < seconds || !everySecondHadUpdates || skipped > 0) {
            err.println("strand demo: expected " + seconds + " lines, each with depth updates and nothing skipped");
            return 1;
        }
        if (!live) {
            FeedScript script = LocalFeed.Options.demo(rate).script();
            out.println("In a second that holds a whole cycle of " + rate + " updates, max and min are the sawtooth's ends,");
            out.println(script.askCents(0) + " and " + script.askCents(rate - 1) + " cents; msg/s is the feed's rate,"
                    + " give or take an update that crossed");
            out.println("a second's boundary.");
        }
        out.println("Next: the same client in-process ('strand binance --in-process') or through a proxy on a Unix");
        out.println("socket ('strand feed' and 'strand proxy --policy FILE', then 'strand binance'); see README.md.");
        return 0;
    }
}
