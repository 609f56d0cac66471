package dev.strand.protocol.h1;

import static dev.strand.protocol.h1.Clients.await;
import static dev.strand.protocol.h1.Clients.failureOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.engine.ConnectionInfo;
import dev.strand.core.net.registry.Providers;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpRequest;
import dev.strand.http.HttpResponse;
import dev.strand.http.RequestBody;
import dev.strand.http.ResponseHandler;
import dev.strand.http.ResponseHead;
import dev.strand.http.cli.FetchCommand;
import dev.strand.testing.nginx.Nginx;
import dev.strand.transport.wsi.NettyLoop;
import dev.strand.transport.wsi.WsiLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The h1 client against a real nginx over real TCP and TLS (the wsi transport), with a CA made
 * for the run. nginx logs the connection of every request, so the tests check sharing from the
 * server's side too.
 */
class NginxH1Test {

    private static final int REQUESTS_PER_CONNECTION_ON_LIMITED_PORT = 10;

    private static Nginx nginx;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = Nginx.start(List.of(new Nginx.Server("plain", "", ""), new Nginx.Server("tls", "ssl http2", ""),
                new Nginx.Server("limited", "", "keepalive_requests " + REQUESTS_PER_CONNECTION_ON_LIMITED_PORT + ";")));
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static Providers providers() {
        Providers p = Providers.empty();
        p.addTransport(new WsiTransport());
        p.addProtocol(new H1Protocol());
        return p;
    }

    private static HttpClient client(boolean tls, UnaryOperator<HttpClient.Builder> tweak) {
        HttpClient.Builder b = HttpClient.newBuilder().providers(providers());
        if (tls) {
            b.trustedCasPem(nginx.ca().getCertificatePEM());
        }
        return tweak.apply(b).build();
    }

    private static String base(boolean tls) {
        return tls ? "https://localhost:" + nginx.port("tls") : "http://127.0.0.1:" + nginx.port("plain");
    }

    /** nginx's log lines for requests whose URI starts with {@code prefix}, split into fields, in log order. */
    private static List<String[]> logFor(String prefix) throws Exception {
        return nginx.accessLog().stream().map(l -> l.split(" ")).filter(f -> f[3].startsWith(prefix)).toList();
    }

    /** The log lines for {@code prefix} once there are {@code count} (nginx logs a request after answering it). */
    private static List<String[]> awaitLogFor(String prefix, int count) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<String[]> lines = logFor(prefix);
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            lines = logFor(prefix);
        }
        return lines;
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aHundredQueuedRequestsCompleteOnOneConnectionInOrderEachWithItsOwnBody(boolean tls) throws Exception {
        String prefix = "/r/hundred-" + tls + "-";
        try (HttpClient client = client(tls, b -> b)) {
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(client.send(HttpRequest.get(base(tls) + prefix + i + "?n=" + i)));
            }
            for (int i = 0; i < 100; i++) {
                HttpResponse r = await(fs.get(i));
                assertEquals(200, r.status());
                assertEquals(prefix + i + "?n=" + i, r.bodyText(), "each handle gets its own body");
                assertEquals(1, r.connection().id());
                assertEquals("h1", r.connection().protocol(), "ALPN chose http/1.1 although nginx also offers h2");
            }
            assertEquals(1, client.stats().connectionsOpened());
        }
        List<String[]> log = awaitLogFor(prefix, 100);
        assertEquals(100, log.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(log.get(0)[0], log.get(i)[0], "nginx saw one connection");
            assertEquals(String.valueOf(i + 1), log.get(i)[1], "in order");
            assertEquals(prefix + i + "?n=" + i, log.get(i)[3]);
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void postAndPutBodiesArriveIntact(boolean tls) throws Exception {
        byte[] large = new byte[3 << 20];
        new Random(11).nextBytes(large);
        String file = "streamed-" + tls;
        try (HttpClient client = client(tls, b -> b);
             SubmissionPublisher<ByteBuffer> streamed = new SubmissionPublisher<>()) {
            var big = client.send(HttpRequest.newBuilder(URI.create(base(tls) + "/echo")).POST(RequestBody.ofBytes(large)).build());
            var chunked = client.send(HttpRequest.newBuilder(URI.create(base(tls) + "/echo"))
                    .POST(RequestBody.ofChunks(List.of("chunked ".getBytes(), "body".getBytes()))).build());
            var put = client.send(HttpRequest.newBuilder(URI.create(base(tls) + "/dav/" + file))
                    .PUT(RequestBody.fromPublisher(streamed, -1)).build());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            Thread producer = new Thread(() -> {
                while (streamed.getNumberOfSubscribers() == 0) {
                    Thread.onSpinWait();
                }
                for (int i = 0; i < 1000; i++) {
                    byte[] piece = ("piece " + i + " ").repeat(20).getBytes();
                    expected.writeBytes(piece);
                    streamed.submit(ByteBuffer.wrap(piece));
                }
                streamed.close();
            });
            producer.start();

            assertArrayEquals(large, await(big).body());
            assertEquals("chunked body", await(chunked).bodyText());
            assertEquals(201, await(put).status());
            producer.join();
            assertArrayEquals(expected.toByteArray(), nginx.davFile(file));
            assertEquals(1, client.stats().connectionsOpened());
        }
    }

    @Test
    void nginxEndingConnectionsMidQueueLosesNothing() throws Exception {
        String prefix = "/r/limited-";
        int n = 35;
        try (HttpClient client = HttpClient.newBuilder().providers(providers()).build()) {
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(client.send(HttpRequest.get("http://127.0.0.1:" + nginx.port("limited") + prefix + i)));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(prefix + i, await(fs.get(i)).bodyText());
            }
            assertEquals(4, client.stats().connectionsOpened());
            assertEquals(0, client.stats().exchangesRedispatched(), "nginx announces the close; nothing was sent into it");
        }
        Map<String, Long> perConnection = awaitLogFor(prefix, n).stream().collect(Collectors.groupingBy(f -> f[0], Collectors.counting()));
        assertEquals(4, perConnection.size());
        assertTrue(perConnection.values().stream().allMatch(c -> c <= REQUESTS_PER_CONNECTION_ON_LIMITED_PORT));
    }

    @Test
    void tlsWithTheWrongCaFailsClosedAndFailsTheQueueAtOnce() throws Exception {
        String prefix = "/r/wrong-ca-";
        try (HttpClient client = HttpClient.newBuilder().providers(providers())
                .trustedCasPem(nginx.otherCa().getCertificatePEM()).build()) {
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fs.add(client.send(HttpRequest.get(base(true) + prefix + i)));
            }
            for (var f : fs) {
                Throwable t = failureOf(f);
                assertInstanceOf(SSLHandshakeException.class, t);
                assertTrue(t.getMessage().contains("certificate"), t.getMessage());
            }
            assertEquals(1, client.stats().connectAttempts(), "a verification failure will repeat: no retry");
            assertEquals(0, client.stats().connectionsOpened());
        }
        assertTrue(logFor(prefix).isEmpty(), "no request reached nginx");
    }

    @Test
    void pipeliningAgainstNginxKeepsEveryResponseWithItsRequest() throws Exception {
        String prefix = "/r/pipelined-";
        try (HttpClient client = client(false, b -> b.pipelining(16))) {
            await(client.send(HttpRequest.get(base(false) + prefix + "warm")));
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                fs.add(client.send(HttpRequest.get(base(false) + prefix + i)));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(prefix + i, await(fs.get(i)).bodyText());
            }
            assertEquals(1, client.stats().connectionsOpened());
        }
    }

    @Test
    void fetchCommandAgainstNginxOverTls() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = FetchCommand.run(new String[] {base(true) + "/r/fetch-a", base(true) + "/r/fetch-b", "-n", "20", "-c", "4",
                "--cacert", nginx.caFile().toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                HttpClient.newBuilder().providers(providers()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        assertTrue(text.contains("requests: 20 (ok 20, failed 0)"), text);
        assertTrue(text.contains("connections opened: 1, reused: 19"), text);
        assertTrue(text.contains("-> 200, 10 bytes, connection #1 (h1, reused)"), text);
    }

    @Test
    void withDiscoveredProvidersTheClientRunsOnTheWsiNettyLoopThatCarriesItsSocket() throws Exception {
        Providers discovered = Providers.fromServiceLoader(NginxH1Test.class.getClassLoader());
        assertInstanceOf(WsiLoopGroup.class, discovered.preferredLoops().orElseThrow());
        try (HttpClient client = HttpClient.newBuilder().providers(discovered).build()) {
            assertInstanceOf(NettyLoop.class, client.loop());
            CompletableFuture<String> body = new CompletableFuture<>();
            client.stream(HttpRequest.get(base(false) + "/r/netty-loop"), new ResponseHandler() {
                private final StringBuilder text = new StringBuilder();
                private boolean everyCallOnTheClientsLoop = true;

                @Override
                public void onHead(ResponseHead head, ConnectionInfo connection) {
                    everyCallOnTheClientsLoop &= client.loop().inLoop();
                }

                @Override
                public void onBody(ByteBuffer chunk) {
                    everyCallOnTheClientsLoop &= client.loop().inLoop();
                    text.append(StandardCharsets.UTF_8.decode(chunk));
                }

                @Override
                public void onComplete() {
                    if (everyCallOnTheClientsLoop && client.loop().inLoop()) {
                        body.complete(text.toString());
                    } else {
                        body.completeExceptionally(new AssertionError("a response callback ran off the client's Netty loop"));
                    }
                }

                @Override
                public void onError(Throwable cause) {
                    body.completeExceptionally(cause);
                }
            });
            assertEquals("/r/netty-loop", body.get(Clients.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }
}
