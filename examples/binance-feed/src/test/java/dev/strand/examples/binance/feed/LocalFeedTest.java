package dev.strand.examples.binance.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.registry.Providers;
import dev.strand.protocol.h1.H1Protocol;
import dev.strand.protocol.ws.WebSocket;
import dev.strand.protocol.ws.WebSocketClient;
import dev.strand.protocol.ws.WebSocketHandshakeException;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WsProtocol;
import dev.strand.transport.wsi.WsiTransport;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feed over real TLS on loopback, read by Strand's own WebSocket client (the wsi transport,
 * the connection engine, protocol-ws) trusting only the feed's generated CA.
 */
class LocalFeedTest {

    private static final int RATE = 50;
    private static final long WAIT_S = 20;
    private static final String PATH = "/stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker/btcusdt@aggTrade";

    private static FeedCertificates certs;
    private static LocalFeed feed;
    private static Providers providers;

    @BeforeAll
    static void start() throws Exception {
        certs = FeedCertificates.generate("127.0.0.1");
        feed = LocalFeed.start(LocalFeed.Options.demo(RATE), certs);
        providers = Providers.empty();
        providers.addTransport(new WsiTransport());
        providers.addProtocol(new H1Protocol());
        providers.addProtocol(new WsProtocol());
    }

    @AfterAll
    static void stop() {
        if (feed != null) {
            feed.close();
        }
    }

    private URI uri(String path) {
        return URI.create("wss://127.0.0.1:" + feed.port() + path);
    }

    private static WebSocketClient client(String trustedPem) {
        WebSocketClient.Builder b = WebSocketClient.newBuilder().providers(providers);
        return (trustedPem == null ? b : b.trustedCasPem(trustedPem)).build();
    }

    /** Collects text messages; can stop reading on demand. */
    private static final class Collector implements WebSocketListener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> enough = new CompletableFuture<>();
        final int wanted;

        Collector(int wanted) {
            this.wanted = wanted;
        }

        @Override
        public void onText(WebSocket ws, String text) {
            texts.add(text);
            if (texts.size() >= wanted) {
                enough.complete(null);
            }
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason, Throwable cause) {
            enough.completeExceptionally(new AssertionError("closed " + code + " " + reason, cause));
        }
    }

    private static final Pattern EVENT_TIME = Pattern.compile("\"E\":(\\d+)");

    /**
     * Checks that {@code texts} are the script's messages from update 0 on, byte for byte, with no
     * gap and the tickers where they belong; only {@code E} (and {@code T}) are the feed's to choose.
     */
    private static void assertIsTheScriptFromTheStart(List<String> texts) {
        assertIsTheScriptFromTheStart(feed.options().script(), texts);
    }

    private static void assertIsTheScriptFromTheStart(FeedScript script, List<String> texts) {
        long i = 0;
        boolean tickerDue = false;
        for (String t : texts) {
            Matcher m = EVENT_TIME.matcher(t);
            assertTrue(m.find(), t);
            long e = Long.parseLong(m.group(1));
            long age = System.currentTimeMillis() - e;
            assertTrue(age >= 0 && age < TimeUnit.SECONDS.toMillis(WAIT_S), "E is the feed's clock: age " + age);
            if (tickerDue) {
                assertEquals(script.bookTicker(i - 1, e), t, "the bookTicker after update " + (i - 1));
                tickerDue = false;
                continue;
            }
            assertEquals(script.depthUpdate(i, e), t, "update " + i);
            tickerDue = script.tickerAfter(i);
            i++;
        }
    }

    @Test
    void aClientTrustingTheGeneratedCaGetsTheScriptFromTheStart() throws Exception {
        try (WebSocketClient client = client(certs.caPem())) {
            Collector c = new Collector(RATE);
            long connectionsBefore = feed.connections();
            long t0 = System.nanoTime();
            WebSocket ws = client.connect(uri(PATH), c).get(WAIT_S, TimeUnit.SECONDS);
            c.enough.get(WAIT_S, TimeUnit.SECONDS);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            List<String> got = List.copyOf(c.texts);
            client.loop().execute(ws::close);
            assertIsTheScriptFromTheStart(got);
            long updates = got.stream().filter(t -> t.contains("depthUpdate")).count();
            // a fixed-rate timer never runs ahead of its schedule: no more than one update per period so far
            assertTrue(updates <= elapsedMs * RATE / 1000 + 2, updates + " updates in " + elapsedMs + " ms");
            assertTrue(feed.connections() > connectionsBefore);
            assertTrue(feed.depthUpdatesSent() >= updates);
            assertTrue(feed.bytesSent() >= got.stream().mapToLong(String::length).sum());
        }
    }

    @Test
    void everyConnectionStartsTheScriptAgain() throws Exception {
        try (WebSocketClient client = client(certs.caPem())) {
            Collector first = new Collector(6);
            Collector second = new Collector(6);
            client.connect(uri(PATH), first).get(WAIT_S, TimeUnit.SECONDS);
            first.enough.get(WAIT_S, TimeUnit.SECONDS);
            client.connect(uri("/stream"), second).get(WAIT_S, TimeUnit.SECONDS);
            second.enough.get(WAIT_S, TimeUnit.SECONDS);
            assertIsTheScriptFromTheStart(List.copyOf(first.texts));
            assertIsTheScriptFromTheStart(List.copyOf(second.texts));
        }
    }

    @Test
    void aClientThatStopsReadingMissesNothing() throws Exception {
        // fast enough to fill the socket buffers of a client that does not read within a second or two
        int rate = 5000;
        try (LocalFeed fast = LocalFeed.start(new LocalFeed.Options("127.0.0.1", 0, rate, new FeedScript(rate, 5)), certs);
             WebSocketClient client = client(certs.caPem())) {
            Collector c = new Collector(Integer.MAX_VALUE);
            WebSocket ws = client.connect(URI.create("wss://127.0.0.1:" + fast.port() + PATH), c)
                    .get(WAIT_S, TimeUnit.SECONDS);
            client.loop().execute(() -> ws.setReading(false));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (fast.stalledTicks() == 0) {
                assertTrue(System.nanoTime() < deadline, "the feed never found the connection full");
                Thread.sleep(20);
            }
            long sentWhileStalled = fast.depthUpdatesSent();
            client.loop().execute(() -> ws.setReading(true));
            while (c.texts.size() < sentWhileStalled + rate) {
                assertTrue(System.nanoTime() < deadline, "the client did not catch up: " + c.texts.size());
                Thread.sleep(20);
            }
            client.loop().execute(ws::close);
            assertIsTheScriptFromTheStart(fast.options().script(), List.copyOf(c.texts));
        }
    }

    @Test
    void aClientTrustingOnlyTheJdksCasRefusesTheFeed() {
        try (WebSocketClient client = client(null)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> client.connect(uri(PATH), new Collector(1)).get(WAIT_S, TimeUnit.SECONDS));
            assertTrue(causes(e).stream().anyMatch(SSLException.class::isInstance), e.toString());
        }
    }

    @Test
    void otherPathsAreNotFound() {
        try (WebSocketClient client = client(certs.caPem())) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> client.connect(uri("/other"), new Collector(1)).get(WAIT_S, TimeUnit.SECONDS));
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(404, refused.status(), refused.getMessage());
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }
}
