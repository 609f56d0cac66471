package dev.strand.protocol.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.engine.EngineStats;
import dev.strand.core.net.registry.Providers;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpRequest;
import dev.strand.http.HttpResponse;
import dev.strand.http.RequestBody;
import dev.strand.http.cli.FetchCommand;
import dev.strand.protocol.h1.H1Protocol;
import dev.strand.testing.nginx.Nginx;
import dev.strand.transport.wsi.WsiTransport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The h2 client against a real nginx over real TCP and TLS (the wsi transport): h2 chosen by
 * ALPN and h2c by prior knowledge, nginx limiting each connection to 8 concurrent streams, and a
 * port whose per-connection request limit makes nginx send GOAWAY in the middle of a run.
 */
class NginxH2Test {

    private static final int MAX_STREAMS = 8;
    private static final int REQUESTS_BEFORE_GOAWAY = 50;
    private static final long WAIT_SECONDS = 60;

    private static Nginx nginx;

    @BeforeAll
    static void startNginx() throws Exception {
        String low = "http2_max_concurrent_streams " + MAX_STREAMS + ";";
        nginx = Nginx.start(List.of(
                new Nginx.Server("h2c", "http2", low),
                new Nginx.Server("tls", "ssl http2", low),
                new Nginx.Server("h2c-goaway", "http2", low + " keepalive_requests " + REQUESTS_BEFORE_GOAWAY + ";"),
                new Nginx.Server("tls-goaway", "ssl http2", low + " keepalive_requests " + REQUESTS_BEFORE_GOAWAY + ";"),
                new Nginx.Server("tls-h1-only", "ssl", "")));
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    static Providers providers() {
        Providers p = Providers.empty();
        p.addTransport(new WsiTransport());
        p.addProtocol(new H2Protocol());
        p.addProtocol(new H1Protocol());
        return p;
    }

    private static HttpClient client(UnaryOperator<HttpClient.Builder> tweak) {
        return tweak.apply(HttpClient.newBuilder().providers(providers()).h2PriorKnowledge(true)
                .trustedCasPem(nginx.ca().getCertificatePEM())).build();
    }

    private static String base(boolean tls, String server) {
        return tls ? "https://localhost:" + nginx.port(server) : "http://127.0.0.1:" + nginx.port(server);
    }

    private static List<HttpResponse> sendAll(HttpClient client, List<HttpRequest> requests) throws Exception {
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (HttpRequest r : requests) {
            fs.add(client.send(r));
        }
        List<HttpResponse> out = new ArrayList<>();
        for (CompletableFuture<HttpResponse> f : fs) {
            out.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return out;
    }

    /** The connection numbers nginx logged for requests whose URI starts with {@code prefix}, once it logged {@code count}. */
    private static Set<String> nginxConnectionsFor(String prefix, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String[]> lines = nginx.accessLog().stream().map(l -> l.split(" ")).filter(f -> f[3].startsWith(prefix)).toList();
            if (lines.size() >= count || System.nanoTime() > deadline) {
                assertEquals(count, lines.size(), "requests nginx logged for " + prefix);
                Set<String> connections = new HashSet<>();
                lines.forEach(f -> connections.add(f[0]));
                return connections;
            }
            Thread.sleep(10);
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aThousandRequestsInFlightAllCompleteOnOneConnectionWithinTheServersStreamLimit(boolean tls) throws Exception {
        String prefix = "/r/thousand-" + tls + "-";
        try (HttpClient client = client(b -> b)) {
            List<HttpRequest> requests = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                requests.add(HttpRequest.get(base(tls, tls ? "tls" : "h2c") + prefix + i));
            }
            List<HttpResponse> responses = sendAll(client, requests);
            for (int i = 0; i < 1000; i++) {
                HttpResponse r = responses.get(i);
                assertEquals(200, r.status());
                assertEquals(prefix + i, r.bodyText(), "each exchange gets its own body");
                assertEquals("h2", r.connection().protocol());
                assertEquals(1, r.connection().id());
            }
            EngineStats s = client.stats();
            assertEquals(1, s.connectionsOpened());
            assertEquals(0, s.exchangesFailed());
            assertEquals(0, s.exchangesRedispatched(), "never more streams than nginx allows, so nothing was refused");
        }
        assertEquals(1, nginxConnectionsFor(prefix, 1000).size());
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void nginxsGoawayAfterItsRequestLimitLosesAndFailsNothing(boolean tls) throws Exception {
        String prefix = "/r/goaway-" + tls + "-";
        try (HttpClient client = client(b -> b)) {
            List<HttpRequest> requests = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                requests.add(HttpRequest.get(base(tls, tls ? "tls-goaway" : "h2c-goaway") + prefix + i));
            }
            List<HttpResponse> responses = sendAll(client, requests);
            for (int i = 0; i < 1000; i++) {
                assertEquals(200, responses.get(i).status());
                assertEquals(prefix + i, responses.get(i).bodyText());
            }
            EngineStats s = client.stats();
            assertEquals(0, s.exchangesFailed());
            assertEquals(1000, s.exchangesCompleted());
            assertTrue(s.connectionsOpened() >= 1000 / REQUESTS_BEFORE_GOAWAY, "nginx ended each connection after "
                    + REQUESTS_BEFORE_GOAWAY + " requests: " + s);
        }
        assertTrue(nginxConnectionsFor(prefix, 1000).size() >= 1000 / REQUESTS_BEFORE_GOAWAY);
    }

    @Test
    void alpnChoosesH2OrHttp11PerConnectionForTheSameClientSettings() throws Exception {
        try (HttpClient client = client(b -> b)) {
            HttpResponse h2 = client.send(HttpRequest.get(base(true, "tls") + "/r/alpn")).get(WAIT_SECONDS, TimeUnit.SECONDS);
            HttpResponse h1 = client.send(HttpRequest.get(base(true, "tls-h1-only") + "/r/alpn")).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("h2", h2.connection().protocol());
            assertEquals("HTTP/2", h2.head().version());
            assertEquals("h1", h1.connection().protocol(), "the server offered only http/1.1");
            assertEquals("/r/alpn", h1.bodyText());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void requestBodiesLargerThanEveryWindowArriveWhole(boolean tls) throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(body);
        try (HttpClient client = client(b -> b)) {
            HttpRequest put = HttpRequest.newBuilder(URI.create(base(tls, tls ? "tls" : "h2c") + "/dav/up-" + tls))
                    .PUT(RequestBody.ofBytes(body)).build();
            HttpResponse r = client.send(put).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(r.status() == 201 || r.status() == 204, "status " + r.status());
            assertArrayEquals(body, nginx.davFile("up-" + tls));
            HttpRequest echo = HttpRequest.newBuilder(URI.create(base(tls, tls ? "tls" : "h2c") + "/echo"))
                    .POST(RequestBody.ofChunks(List.of("hello ".getBytes(StandardCharsets.UTF_8), "h2".getBytes(StandardCharsets.UTF_8)))).build();
            assertEquals("hello h2", client.send(echo).get(WAIT_SECONDS, TimeUnit.SECONDS).bodyText());
        }
    }

    @Test
    void largeResponseBodiesArriveWholeOnManyStreamsAtOnce() throws Exception {
        try (HttpClient client = client(b -> b)) {
            List<HttpRequest> requests = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                requests.add(HttpRequest.get(base(false, "h2c") + "/b/" + (i % 2 == 0 ? 65536 : 1048576)));
            }
            List<HttpResponse> responses = sendAll(client, requests);
            for (int i = 0; i < 40; i++) {
                byte[] b = responses.get(i).body();
                assertEquals(i % 2 == 0 ? 65536 : 1048576, b.length);
                for (int k = 0; k < b.length; k += 4099) {
                    assertEquals((byte) ('a' + k % 26), b[k]);
                }
            }
            assertEquals(1, client.stats().connectionsOpened());
        }
    }

    @Test
    void withMoreConnectionsAllowedAFullConnectionMakesTheEngineOpenAnother() throws Exception {
        try (HttpClient client = client(b -> b.engine(EngineConfig.DEFAULT.withMaxConnectionsPerKey(4)))) {
            List<HttpRequest> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                requests.add(HttpRequest.get(base(false, "h2c") + "/r/overflow-" + i));
            }
            sendAll(client, requests);
            EngineStats s = client.stats();
            assertEquals(0, s.exchangesFailed());
            assertTrue(s.connectionsOpened() > 1 && s.connectionsOpened() <= 4, s.toString());
        }
    }

    @Test
    void fetchWithPriorKnowledgePrintsH2ForEachRequest() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = FetchCommand.run(new String[] {base(false, "h2c") + "/r/fetch", "-n", "20", "-c", "10", "--h2-prior-knowledge"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, HttpClient.newBuilder().providers(providers()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        assertEquals(20, text.lines().filter(l -> l.matches("#\\d+ http://127\\.0\\.0\\.1:\\d+/r/fetch -> 200, 8 bytes, connection #1 \\(h2(, reused)?\\)")).count(), text);
        assertTrue(text.contains("requests: 20 (ok 20, failed 0)"), text);
        assertTrue(text.contains("connections opened: 1,"), text);
    }
}
