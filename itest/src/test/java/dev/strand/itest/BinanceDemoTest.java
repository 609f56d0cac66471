package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.examples.binance.SecondReport;
import dev.strand.examples.binance.feed.FeedScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a newcomer runs it: {@code bin/strand demo} starts the local wss
 * feed, the proxy in the container on one end of a socat pty pair and the pico client (SSPC-only
 * modules) on the other, all real processes. Every line the client prints is checked against
 * what the feed's script sent; the tolerances come from the timing the lines themselves report.
 */
class BinanceDemoTest {

    private static final int SECONDS = 8;
    private static final int RATE = 10;
    /** Same as the demo's feed: one sawtooth a second, a bookTicker every fifth update. */
    private static final FeedScript SCRIPT = new FeedScript(RATE, 5);
    private static final Pattern FEED_SENT = Pattern.compile("the feed, which sent (\\d+) depth updates");

    @TempDir
    Path work;

    @Test
    void theDemoPrintsThePicoClientsLinesAndTheyMatchWhatTheFeedSent() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        Launch.Result demo = Launch.run(List.of("sh", home.resolve("bin/strand").toString(), "demo",
                "--seconds", Integer.toString(SECONDS), "--rate", Integer.toString(RATE)), Map.of(), "",
                Duration.ofSeconds(180), work);
        assertEquals(0, demo.exitStatus(), demo.toString());
        String out = demo.stdout();
        for (int step = 1; step <= 6; step++) {
            assertTrue(out.contains("[" + step + "/6]"), "step " + step + " in " + demo);
        }
        String modules = out.lines().filter(l -> l.strip().startsWith("pico: modules: ")).findFirst().orElseThrow();
        for (String absent : List.of("io.netty", "com.fasterxml", "dev.strand.secure.streams", "dev.strand.transport.wsi")) {
            assertFalse(modules.contains(absent), absent + " is not on the SSPC-only set: " + modules);
        }
        assertTrue(modules.contains("dev.strand.transport.uart"), modules);

        List<SecondReport> reports = out.lines().map(SecondReport::parse).flatMap(Optional::stream).toList();
        assertEquals(SECONDS, reports.size(), demo.toString());
        long counted = 0;
        for (int k = 0; k < reports.size(); k++) {
            SecondReport r = reports.get(k);
            String where = "line " + (k + 1) + ": " + r.format();
            assertEquals(k + 1, r.second(), where);
            assertEquals(0, r.malformed() + r.oversized() + r.partial(), where);
            assertTrue(r.messages() > 0, where);
            assertEquals(r.messages(), r.prices(), "every scripted update has an ask; " + where);
            assertMatchesSomeRunOfTheScript(r, where);
            assertRateFollowsTheFeed(r, k == 0 ? null : reports.get(k - 1), where);
            assertTrue(r.latencyMinMs() > -1000 && r.latencyMaxMs() < 10_000, "latency within reason; " + where);
            assertTrue(r.latencyMinMs() <= r.latencyAvgMs() && r.latencyAvgMs() <= r.latencyMaxMs(), where);
            counted += r.messages();
        }
        Matcher sent = FEED_SENT.matcher(out);
        assertTrue(sent.find(), demo.toString());
        assertTrue(counted <= Long.parseLong(sent.group(1)), "the client counted no more than the feed sent");
        assertTrue(out.contains("Done: the pico client printed " + SECONDS + " per-second lines"), demo.toString());
        assertFalse(Files.exists(home.resolve("cache")), "the demo uses a bundle cache of its own");
    }

    /**
     * The line's prices and bytes are those of {@code messages} consecutive scripted updates from
     * some place in the script: the prices exactly, the bytes give or take a message at each end
     * whose pieces straddled the line's boundary.
     */
    private static void assertMatchesSomeRunOfTheScript(SecondReport r, String where) {
        assertTrue(SCRIPT.explain(r.messages(), r.priceMin(), r.priceMax(), r.priceAvg(), r.rxKibibytes()).isPresent(),
                "no run of " + r.messages() + " scripted updates gives these prices and bytes; " + where);
    }

    /**
     * The feed sends on a fixed grid, so a line of w ms holds RATE·w/1000 updates, give or take one
     * at each end for rounding and the updates whose delivery time (the latency spread the lines
     * show) carried them across a boundary.
     */
    private static void assertRateFollowsTheFeed(SecondReport r, SecondReport previous, String where) {
        double expected = RATE * r.windowMillis() / 1000.0;
        long spread = r.latencyMaxMs() - r.latencyMinMs()
                + (previous == null ? 0 : previous.latencyMaxMs() - previous.latencyMinMs());
        double allowed = 2 + Math.ceil(RATE * spread / 1000.0);
        assertTrue(Math.abs(r.messages() - expected) <= allowed,
                r.messages() + " updates where " + expected + " ± " + allowed + " were due; " + where);
    }

    @Test
    void theSameClientRunsInProcessFromTheDistributionAndTheImage() throws Exception {
        for (Path strand : List.of(Reactor.distribution().resolve("bin/strand"), Reactor.image().resolve("bin/strand"))) {
            Launch.Result r = Launch.run(List.of("sh", strand.toString(), "binance", "--in-process", "--seconds", "3"),
                    Map.of(), "", Duration.ofSeconds(120), work);
            assertEquals(0, r.exitStatus(), r.toString());
            assertTrue(r.stdout().contains("binance: in-process, to the local feed at wss://127.0.0.1:"), r.toString());
            List<SecondReport> reports = r.stdout().lines().map(SecondReport::parse).flatMap(Optional::stream).toList();
            assertEquals(3, reports.size(), r.toString());
            FeedScript script = new FeedScript(10, 5);
            for (SecondReport line : reports) {
                assertTrue(line.messages() > 0 && line.messages() == line.prices(), line.format());
                assertTrue(script.explain(line.messages(), line.priceMin(), line.priceMax(), line.priceAvg(),
                        line.rxKibibytes()).isPresent(), "not a run of the script: " + line.format());
            }
        }
    }

    /**
     * The README's second placement as three processes: {@code strand feed} writes a policy that
     * trusts its CA, {@code strand proxy} in the container serves it on an abstract Unix socket, and
     * {@code strand binance --proxy} prints lines the feed's script explains.
     */
    @Test
    void theSameClientRunsThroughAProxyOnAUnixSocketAsThreeProcesses() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        String strand = home.resolve("bin/strand").toString();
        Path policy = work.resolve("feed-policy.json");
        String endpoint = "@strand-itest-binance-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        int port = FreePort.pick();
        try (ChildProcess feed = ChildProcess.start(List.of("sh", strand, "feed", "--port", Integer.toString(port),
                "--policy-out", policy.toString()), Map.of())) {
            feed.awaitLine(0, l -> l.startsWith("feed: a policy for the proxy that trusts it: "), Duration.ofSeconds(60),
                    "saying it wrote the policy");
            try (ChildProcess proxy = ChildProcess.start(List.of("sh", strand, "proxy", "--policy", policy.toString(),
                    "--listen", endpoint), Map.of())) {
                proxy.awaitLine(0, l -> l.contains("SS proxy listening on unix:" + endpoint), Duration.ofSeconds(60),
                        "saying the proxy listens");
                Launch.Result client = Launch.run(List.of("sh", strand, "binance", "--proxy", endpoint, "--seconds", "3"),
                        Map.of(), "", Duration.ofSeconds(120), work);
                assertEquals(0, client.exitStatus(), client + "\n--- proxy\n" + proxy.output());
                assertTrue(client.stdout().contains("binance: through the SS proxy at unix:" + endpoint), client.toString());
                List<SecondReport> reports = client.stdout().lines().map(SecondReport::parse).flatMap(Optional::stream)
                        .toList();
                assertEquals(3, reports.size(), client.toString());
                for (SecondReport line : reports) {
                    assertEquals(0, line.malformed() + line.oversized() + line.partial(), line.format());
                    assertTrue(line.messages() > 0 && line.messages() == line.prices(), line.format());
                    assertMatchesSomeRunOfTheScript(line, line.format());
                }
                proxy.terminate(Duration.ofSeconds(60));
            }
            feed.terminate(Duration.ofSeconds(30));
        }
    }

    @Test
    void liveFailsClearlyAndQuicklyWhereBinanceCannotBeReached() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        // a hosts file without fstream.binance.com: no route to Binance, on any machine
        Path hosts = Files.writeString(work.resolve("hosts"), "127.0.0.1 localhost\n");
        Launch.Result demo = Launch.run(List.of("sh", home.resolve("bin/strand").toString(), "demo", "--live",
                "--seconds", "5"), Map.of("JAVA_OPTS", "-Djdk.net.hosts.file=" + hosts), "",
                Duration.ofSeconds(120), work);
        assertEquals(2, demo.exitStatus(), demo.toString());
        assertTrue(demo.stdout().contains("binance: UNREACHABLE (3)"), demo.toString());
        assertTrue(demo.stderr().contains("could not reach fstream.binance.com:443"), demo.toString());
        assertTrue(demo.stderr().contains("no route to Binance"), demo.toString());
        assertTrue(demo.stdout().contains("trusting only DigiCert Global Root G2"), demo.toString());
        assertEquals(List.of(), demo.stdout().lines().map(SecondReport::parse).flatMap(Optional::stream).toList());
    }
}
