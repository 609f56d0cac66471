package dev.strand.protocol.h1;

import static dev.strand.protocol.h1.Clients.await;
import static dev.strand.protocol.h1.Clients.failureOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.http.HttpClient;
import dev.strand.http.HttpRequest;
import dev.strand.http.HttpResponse;
import dev.strand.http.RequestBody;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * lws-style h1 queueing over real HTTP/1.1 against in-process fault servers: requests to one
 * origin queue on the pool and run one after another over one connection; when the server ends
 * the connection the rest move to a new one, with nothing lost and nothing non-idempotent sent
 * twice.
 */
class H1QueueingTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private FaultServer server(FaultServer.Script script) throws IOException {
        FaultServer s = new FaultServer(script);
        closeables.add(s);
        return s;
    }

    private HttpClient client(HttpClient c) {
        closeables.add(c);
        return c;
    }

    private static HttpRequest get(String path) {
        return HttpRequest.get("http://origin.test" + path);
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://origin.test" + path)).POST(RequestBody.ofString(body)).build();
    }

    @Test
    void aHundredQueuedRequestsCompleteOnOneConnectionInOrderEachWithItsOwnBody() throws Exception {
        FaultServer server = server(FaultServer.echo());
        HttpClient client = client(Clients.to(server));
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fs.add(client.send(get("/r" + i)));
        }
        for (int i = 0; i < 100; i++) {
            HttpResponse r = await(fs.get(i));
            assertEquals("GET /r" + i + " ", r.bodyText());
            assertEquals(1, r.connection().id());
            assertEquals(i > 0, r.connection().reused());
        }
        assertEquals(1, server.connections.get());
        List<FaultServer.Request> seen = server.requestsSnapshot();
        for (int i = 0; i < 100; i++) {
            assertEquals("/r" + i, seen.get(i).target());
            assertEquals(i + 1, seen.get(i).index());
        }
        assertEquals(1, client.stats().connectionsOpened());
        assertEquals(99, client.stats().connectionsReused());
    }

    @Test
    void postBodiesArriveIntactWhateverTheirFraming() throws Exception {
        FaultServer server = server((r, c) -> c.send(FaultServer.ok(r.body().length + " " + r.header("transfer-encoding"))));
        HttpClient client = client(Clients.to(server));
        byte[] large = new byte[1 << 20];
        new Random(7).nextBytes(large);
        List<byte[]> pieces = List.of("first ".getBytes(), new byte[0], "second ".getBytes(), "third".getBytes());
        SubmissionPublisher<ByteBuffer> streamed = new SubmissionPublisher<>();
        closeables.add(streamed);

        var small = client.send(post("/small", "a small body"));
        var big = client.send(HttpRequest.newBuilder(URI.create("http://origin.test/large")).POST(RequestBody.ofBytes(large)).build());
        var chunked = client.send(HttpRequest.newBuilder(URI.create("http://origin.test/chunked"))
                .PUT(RequestBody.ofChunks(pieces)).build());
        var stream = client.send(HttpRequest.newBuilder(URI.create("http://origin.test/stream"))
                .POST(RequestBody.fromPublisher(streamed, -1)).build());
        Thread producer = new Thread(() -> {
            while (streamed.getNumberOfSubscribers() == 0) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < 200; i++) {
                streamed.submit(ByteBuffer.wrap(("line " + i + "\n").getBytes()));
            }
            streamed.close();
        });
        producer.start();

        assertEquals("12 null", await(small).bodyText());
        assertEquals(large.length + " null", await(big).bodyText());
        assertEquals("18 chunked", await(chunked).bodyText());
        await(stream);
        producer.join();

        Map<String, byte[]> bodies = new HashMap<>();
        server.requestsSnapshot().forEach(r -> bodies.put(r.target(), r.body()));
        assertEquals("a small body", new String(bodies.get("/small")));
        assertArrayEquals(large, bodies.get("/large"));
        assertEquals("first second third", new String(bodies.get("/chunked")));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            expected.append("line ").append(i).append('\n');
        }
        assertEquals(expected.toString(), new String(bodies.get("/stream")));
        assertEquals(1, server.connections.get());
    }

    @Test
    void theServerClosingTheKeepAliveConnectionMidQueueLosesNothingAndReplaysNoPost() throws Exception {
        FaultServer server = server((r, c) -> {
            c.send(FaultServer.ok(r.method() + " " + r.target()));
            if (r.index() % 7 == 0) {
                c.close();
            }
        });
        HttpClient client = client(Clients.to(server));
        List<HttpRequest> sent = new ArrayList<>();
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpRequest r = i % 3 == 2 ? post("/p" + i, "body " + i) : get("/g" + i);
            sent.add(r);
            fs.add(client.send(r));
        }

        int postsFailed = 0;
        for (int i = 0; i < 40; i++) {
            HttpRequest r = sent.get(i);
            if (r.method().equals("GET")) {
                assertEquals("GET " + r.uri().getPath(), await(fs.get(i)).bodyText(), "no GET is lost");
            } else {
                try {
                    assertEquals("POST " + r.uri().getPath(), await(fs.get(i)).bodyText());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertInstanceOf(IOException.class, e.getCause());
                    postsFailed++;
                }
            }
        }
        Map<String, Integer> times = new HashMap<>();
        server.requestsSnapshot().forEach(r -> times.merge(r.target(), 1, Integer::sum));
        times.forEach((target, n) -> {
            if (target.startsWith("/p")) {
                assertEquals(1, n, target + " must reach the server at most once");
            }
        });
        assertTrue(server.connections.get() >= 5, "the server closed every 7 requests");
        assertTrue(postsFailed <= server.connections.get());
    }

    @Test
    void aConnectionResetWhileARequestIsOutstandingReplaysTheGetButNotThePost() throws Exception {
        FaultServer server = server((r, c) -> {
            if (r.connection() == 1 && r.index() == 2) {
                c.reset();
            } else {
                c.send(FaultServer.ok(r.target()));
            }
        });
        HttpClient client = client(Clients.to(server));
        var first = client.send(get("/a"));
        var get = client.send(get("/b"));
        var later = client.send(get("/c"));
        assertEquals("/a", await(first).bodyText());
        assertEquals("/b", await(get).bodyText());
        assertEquals(2, await(get).connection().id());
        assertEquals("/c", await(later).bodyText());
        assertEquals(1, client.stats().exchangesRedispatched());

        FaultServer server2 = server((r, c) -> {
            if (r.index() == 2) {
                c.reset();
            } else {
                c.send(FaultServer.ok(r.target()));
            }
        });
        HttpClient client2 = client(Clients.to(server2));
        await(client2.send(get("/a")));
        Throwable postFailure = failureOf(client2.send(post("/p", "once")));
        assertInstanceOf(IOException.class, postFailure);
        assertEquals(1, server2.requestsSnapshot().stream().filter(r -> r.target().equals("/p")).count());
    }

    @Test
    void queuedRequestsSurviveLeaderConnectFailure() throws Exception {
        String name = FaultServer.freshName();
        HttpClient client = client(Clients.to(name).build());
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(client.send(get("/q" + i)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.stats().connectFailures() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(client.stats().connectFailures() >= 1, "the first connect must fail: nothing listens yet");
        FaultServer server = new FaultServer(name, FaultServer.echo());
        closeables.add(server);

        for (int i = 0; i < 5; i++) {
            assertEquals("GET /q" + i + " ", await(fs.get(i)).bodyText());
        }
        assertEquals(1, server.connections.get());
    }

    @Test
    void e27ConnectionCloseIsHonouredAndTheQueueMovesToANewConnection() throws Exception {
        FaultServer server = server((r, c) -> {
            c.send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            c.close();
        });
        HttpClient client = client(Clients.to(server));
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(client.send(get("/" + i)));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, await(fs.get(i)).connection().id());
        }
        assertEquals(3, server.connections.get());
        assertEquals(0, client.stats().exchangesRedispatched(), "nothing was sent on a connection the server was closing");
    }

    @Test
    void e26AnHttp10ServerServesQueuedRequestsOneConnectionEach() throws Exception {
        FaultServer server = server((r, c) -> {
            c.send("HTTP/1.0 200 OK\r\nContent-Length: " + r.target().length() + "\r\n\r\n" + r.target());
            c.close();
        });
        HttpClient client = client(Clients.to(server));
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fs.add(client.send(get("/ten" + i)));
        }
        for (int i = 0; i < 4; i++) {
            HttpResponse r = await(fs.get(i));
            assertEquals("/ten" + i, r.bodyText());
            assertEquals("HTTP/1.0", r.head().version());
        }
        assertEquals(4, server.connections.get());
        assertEquals(0, client.stats().exchangesRedispatched());
    }

    @Test
    void anHttp10ServerThatSaysKeepAliveKeepsTheConnection() throws Exception {
        FaultServer server = server((r, c) ->
                c.send("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nk"));
        HttpClient client = client(Clients.to(server));
        for (int i = 0; i < 3; i++) {
            assertEquals(1, await(client.send(get("/" + i))).connection().id());
        }
        assertEquals(1, server.connections.get());
    }

    @Test
    void e28ACloseDelimitedResponseEndsAtEofAndTheNextRequestGetsANewConnection() throws Exception {
        FaultServer server = server((r, c) -> {
            c.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody of " + r.target());
            c.close();
        });
        HttpClient client = client(Clients.to(server));
        var a = client.send(get("/a"));
        var b = client.send(get("/b"));
        assertEquals("body of /a", await(a).bodyText());
        assertEquals("body of /b", await(b).bodyText());
        assertEquals(2, server.connections.get());
    }

    @Test
    void e02ANonStandardMethodSharesTheConnectionButIsNeverReplayed() throws Exception {
        FaultServer server = server((r, c) -> {
            if (r.method().equals("PROPFIND") && r.connection() == 1 && r.index() == 2) {
                c.reset();
            } else {
                c.send(FaultServer.ok(r.method()));
            }
        });
        HttpClient client = client(Clients.to(server));
        HttpRequest propfind = HttpRequest.newBuilder(URI.create("http://origin.test/dav"))
                .method("PROPFIND", RequestBody.empty()).build();
        assertEquals("PROPFIND", await(client.send(propfind)).bodyText());
        assertInstanceOf(IOException.class, failureOf(client.send(propfind)));
        assertEquals(1, server.connections.get());
        assertEquals("GET", await(client.send(get("/after"))).bodyText());
    }

    @Test
    void e23EveryFramingThatCompletesAResponseKeepsTheConnectionForTheNext() throws Exception {
        FaultServer server = server((r, c) -> c.send(switch (r.target()) {
            case "/length" -> "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nlength";
            case "/chunked" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nchun\r\n3\r\nked\r\n0\r\nX-T: 1\r\n\r\n";
            case "/zero" -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
            case "/nocontent" -> "HTTP/1.1 204 No Content\r\n\r\n";
            case "/head" -> "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
            case "/notmodified" -> "HTTP/1.1 304 Not Modified\r\nContent-Length: 1000\r\n\r\n";
            case "/interim" -> "HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal";
            default -> FaultServer.ok("other");
        }));
        HttpClient client = client(Clients.to(server));
        var length = client.send(get("/length"));
        var chunked = client.send(get("/chunked"));
        var zero = client.send(get("/zero"));
        var nocontent = client.send(get("/nocontent"));
        var head = client.send(HttpRequest.newBuilder(URI.create("http://origin.test/head")).HEAD().build());
        var notModified = client.send(get("/notmodified"));
        var interim = client.send(get("/interim"));
        var last = client.send(get("/last"));

        assertEquals("length", await(length).bodyText());
        assertEquals("chunked", await(chunked).bodyText());
        assertEquals("1", await(chunked).trailers().first("X-T").orElseThrow());
        assertEquals(0, await(zero).body().length);
        assertEquals(204, await(nocontent).status());
        assertEquals(0, await(head).body().length);
        assertEquals(304, await(notModified).status());
        assertEquals("final", await(interim).bodyText());
        assertEquals("other", await(last).bodyText());
        assertEquals(1, server.connections.get(), "no framing left the connection unusable or stalled (E24)");
    }

    @Test
    void e30AStaleKeepAliveConnectionReplaysTheGetOnANewOneAndFailsThePost() throws Exception {
        FaultServer server = server((r, c) -> {
            if (r.index() == 2) {
                c.close();
            } else {
                c.send(FaultServer.ok(r.target()));
            }
        });
        HttpClient client = client(Clients.to(server));
        await(client.send(get("/warm")));
        HttpResponse replayed = await(client.send(get("/stale")));
        assertEquals("/stale", replayed.bodyText());
        assertEquals(2, replayed.connection().id());

        await(client.send(get("/warm-again")));
        Throwable f = failureOf(client.send(post("/post", "x")));
        assertInstanceOf(IOException.class, f);
        assertTrue(f.getMessage().contains("closed before the response started"), f.getMessage());
    }

    @Test
    void e34e35RedirectsAreDeliveredAsResponsesAndTheQueueCarriesOn() throws Exception {
        FaultServer server = server((r, c) -> c.send(r.target().equals("/moved")
                ? "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n"
                : FaultServer.ok("fine")));
        HttpClient client = client(Clients.to(server));
        var moved = client.send(get("/moved"));
        var next = client.send(get("/next"));
        assertEquals("/elsewhere", await(moved).headers().first("Location").orElseThrow());
        assertEquals("fine", await(next).bodyText());
        assertEquals(1, server.connections.get());
    }

    @Test
    void e36AQueuedPostIsWrittenOnlyAfterThePreviousResponseCompleted() throws Exception {
        FaultServer server = server((r, c) -> {
            if (r.target().equals("/slow")) {
                c.send("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nsl");
                c.sendLater("ow", 150);
            } else {
                c.send(FaultServer.ok(r.bodyText()));
            }
        });
        HttpClient client = client(Clients.to(server));
        var slow = client.send(get("/slow"));
        var queued = client.send(post("/post", "posted"));
        assertEquals("slow", await(slow).bodyText());
        assertEquals("posted", await(queued).bodyText());
        List<String> events = List.copyOf(server.events);
        assertTrue(events.indexOf("c1 request POST /post") > events.lastIndexOf("c1 sent ow"),
                "the POST's head went out only after the slow response was complete: " + events);
    }
}
