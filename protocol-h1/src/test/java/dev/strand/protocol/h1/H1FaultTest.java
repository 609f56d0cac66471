package dev.strand.protocol.h1;

import static dev.strand.protocol.h1.Clients.await;
import static dev.strand.protocol.h1.Clients.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.engine.ConnectionInfo;
import dev.strand.core.net.engine.DeadlineExceededException;
import dev.strand.core.net.engine.ExchangeHandle;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpHeaders;
import dev.strand.http.HttpRequest;
import dev.strand.http.HttpResponse;
import dev.strand.http.MalformedMessageException;
import dev.strand.http.MalformedMessageException.Element;
import dev.strand.http.RequestBody;
import dev.strand.http.ResponseHandler;
import dev.strand.http.ResponseHead;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad servers and impatient owners: malformed responses, cancellation, stalled bodies, handlers
 * that throw. Each affects only the exchange (and at most the connection) it belongs to.
 */
class H1FaultTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        closeables.add(c);
        return c;
    }

    private static HttpRequest get(String path) {
        return HttpRequest.get("http://origin.test" + path);
    }

    static Stream<Arguments> malformedResponses() {
        return Stream.of(
                Arguments.of("HTTP/1.1 OK 200\r\n\r\n", Element.STATUS_LINE),
                Arguments.of("ICY 200 OK\r\n\r\n", Element.STATUS_LINE),
                Arguments.of("HTTP/1.1 200 OK\r\nX Y: z\r\nContent-Length: 0\r\n\r\n", Element.HEADER_NAME),
                Arguments.of("HTTP/1.1 200 OK\r\nX: a\u0007b\r\nContent-Length: 0\r\n\r\n", Element.HEADER_VALUE),
                Arguments.of("HTTP/1.1 200 OK\r\nX: " + "v".repeat(10_000) + "\r\n\r\n", Element.HEADER_TOO_LARGE),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n", Element.CONTENT_LENGTH),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", Element.CHUNK_SIZE),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", Element.CHUNK_DATA));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedResponses")
    void aMalformedResponseFailsItsExchangeWithANamedErrorAndClosesOnlyItsConnection(String garbage, Element element)
            throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> c.send(r.connection() == 1 ? garbage : FaultServer.ok("good"))));
        FaultServer bystander = keep(new FaultServer((r, c) -> c.sendLater(FaultServer.ok("unaffected"), 200)));
        HttpClient client = keep(Clients.to(server));
        HttpClient other = keep(Clients.to(bystander));
        var otherResponse = other.send(get("/other"));

        var bad = client.send(get("/bad"));
        var queued = client.send(get("/queued"));

        MalformedMessageException e = assertInstanceOf(MalformedMessageException.class, failureOf(bad));
        assertEquals(element, e.element(), e.getMessage());
        HttpResponse next = await(queued);
        assertEquals("good", next.bodyText());
        assertEquals(2, next.connection().id(), "the queue moved to a new connection");
        assertEquals(1, server.requestsSnapshot().stream().filter(r -> r.target().equals("/bad")).count(),
                "a malformed answer is the server's answer: not replayed");
        assertEquals("unaffected", await(otherResponse).bodyText());
    }

    @Test
    void bytesWithNoRequestOutstandingCloseTheConnection() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> {
            c.send(FaultServer.ok("one"));
            c.sendLater("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 50);
        }));
        HttpClient client = keep(Clients.to(server));
        await(client.send(get("/one")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.events.contains("c1 closed") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(server.events.contains("c1 closed"), server.events.toString());
        assertEquals(2, await(client.send(get("/two"))).connection().id());
    }

    @Test
    void e38CancellingAQueuedRequestTouchesOnlyIt() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> c.sendLater(FaultServer.ok(r.target()), 100)));
        HttpClient client = keep(Clients.to(server));
        var first = client.send(get("/first"));
        var cancelled = client.send(get("/cancelled"));
        var last = client.send(get("/last"));
        cancelled.cancel(true);

        assertEquals("/first", await(first).bodyText());
        assertEquals("/last", await(last).bodyText());
        assertEquals(List.of("/first", "/last"), server.requestsSnapshot().stream().map(FaultServer.Request::target).toList());
        assertEquals(1, server.connections.get());
    }

    @Test
    void cancellingAnExchangeMidResponseClosesItsConnectionAndTheQueueCarriesOn() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> {
            if (r.target().equals("/endless")) {
                c.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            } else {
                c.send(FaultServer.ok(r.target()));
            }
        }));
        HttpClient client = keep(Clients.to(server));
        CountDownLatch gotHead = new CountDownLatch(1);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        ExchangeHandle endless = client.stream(get("/endless"), new ResponseHandler() {
            @Override
            public void onHead(ResponseHead head, ConnectionInfo connection) {
                gotHead.countDown();
            }

            @Override
            public void onBody(ByteBuffer chunk) {
            }

            @Override
            public void onComplete() {
            }

            @Override
            public void onError(Throwable cause) {
                errors.add(cause);
            }
        });
        var queued = client.send(get("/queued"));
        assertTrue(gotHead.await(10, TimeUnit.SECONDS));

        endless.cancel();

        HttpResponse next = await(queued);
        assertEquals(2, next.connection().id());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (errors.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, errors.size());
        assertInstanceOf(CancellationException.class, errors.get(0));
    }

    @Test
    void e25AStalledBodyFailsAtItsIdleDeadlineAndTheQueueMovesOn() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> c.send(r.target().equals("/stall")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part"
                : FaultServer.ok("fine"))));
        ExchangeOptions quick = ExchangeOptions.DEFAULT.withIdleTimeout(Duration.ofMillis(300));
        HttpClient client = keep(Clients.to(server.name).timeouts(quick).build());
        var stalled = client.send(get("/stall"));
        var queued = client.send(get("/next"));

        DeadlineExceededException d = assertInstanceOf(DeadlineExceededException.class, failureOf(stalled));
        assertEquals(DeadlineExceededException.Phase.IDLE, d.phase());
        assertEquals("fine", await(queued).bodyText());
        assertEquals(2, server.connections.get(), "the stalled connection was closed, not reused");
    }

    @Test
    void aServerThatNeverAnswersFailsAtTheResponseDeadline() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> { }));
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://origin.test/silent"))
                .timeouts(ExchangeOptions.DEFAULT.withResponseTimeout(Duration.ofMillis(200))).build();
        HttpClient client = keep(Clients.to(server));
        DeadlineExceededException d = assertInstanceOf(DeadlineExceededException.class, failureOf(client.send(r)));
        assertEquals(DeadlineExceededException.Phase.RESPONSE, d.phase());
    }

    @Test
    void aHandlerThatThrowsFailsOnlyItsOwnExchange() throws Exception {
        FaultServer server = keep(new FaultServer(FaultServer.echo()));
        HttpClient client = keep(Clients.to(server));
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        client.stream(get("/throws"), new ResponseHandler() {
            @Override
            public void onHead(ResponseHead head, ConnectionInfo connection) {
                throw new IllegalStateException("handler bug");
            }

            @Override
            public void onBody(ByteBuffer chunk) {
            }

            @Override
            public void onComplete() {
                seen.complete(null);
            }

            @Override
            public void onError(Throwable cause) {
                seen.complete(cause);
            }
        });
        var fine = client.send(get("/fine"));

        Throwable t = seen.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, t);
        assertEquals("handler bug", t.getMessage());
        assertEquals("GET /fine ", await(fine).bodyText());
    }

    @Test
    void aResponseIsStreamedInPiecesWithTrailersLast() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> {
            c.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n");
            c.sendLater("3\r\ntwo\r\n", 50);
            c.sendLater("0\r\nX-Digest: d\r\n\r\n", 100);
        }));
        HttpClient client = keep(Clients.to(server));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        client.stream(get("/pieces"), new ResponseHandler() {
            @Override
            public void onHead(ResponseHead head, ConnectionInfo connection) {
                events.add("head " + head.status() + " on #" + connection.id());
            }

            @Override
            public void onBody(ByteBuffer chunk) {
                events.add("body " + StandardCharsets.US_ASCII.decode(chunk));
            }

            @Override
            public void onTrailers(HttpHeaders trailers) {
                events.add("trailers " + trailers.first("X-Digest").orElseThrow());
            }

            @Override
            public void onComplete() {
                events.add("complete");
                done.countDown();
            }

            @Override
            public void onError(Throwable cause) {
                events.add("error " + cause);
                done.countDown();
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("head 200 on #1", "body one", "body two", "trailers d", "complete"), events);
    }

    @Test
    void e37TheBodyOfAQueuedRequestIsNotReadUntilItsTurn() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> {
            if (r.target().equals("/slow")) {
                c.sendLater(FaultServer.ok("slow"), 150);
            } else {
                c.send(FaultServer.ok(r.bodyText()));
            }
        }));
        HttpClient client = keep(Clients.to(server));
        Flow.Publisher<ByteBuffer> recording = subscriber -> {
            server.events.add("body subscribed");
            RequestBody.ofString("late body").subscribe(subscriber);
        };
        var slow = client.send(get("/slow"));
        var post = client.send(HttpRequest.newBuilder(URI.create("http://origin.test/post"))
                .POST(RequestBody.fromPublisher(recording, 9)).build());
        assertEquals("slow", await(slow).bodyText());
        assertEquals("late body", await(post).bodyText());

        List<String> events = List.copyOf(server.events);
        assertTrue(events.indexOf("c1 sent HTTP/1.1 200 X") < events.indexOf("body subscribed"),
                "the queued body was read only after the previous response was complete: " + events);
    }

    @Test
    void aBodyShorterThanItsContentLengthFailsWithoutReplayAndClosesTheConnection() throws Exception {
        FaultServer server = keep(new FaultServer(FaultServer.echo()));
        HttpClient client = keep(Clients.to(server));
        HttpRequest lying = HttpRequest.newBuilder(URI.create("http://origin.test/lie"))
                .PUT(RequestBody.fromPublisher(RequestBody.ofString("abc"), 10)).build();
        Throwable t = failureOf(client.send(lying));
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("shorter than its Content-Length 10"), t.getMessage());
        assertEquals(2, await(client.send(get("/after"))).connection().id());
    }

    @Test
    void aConnectionThatClosesBeforeAnswersFailsThePostWithAClearError() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> c.close()));
        HttpClient client = keep(Clients.to(server));
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://origin.test/p")).POST(RequestBody.ofString("x")).build();
        Throwable t = failureOf(client.send(post));
        assertInstanceOf(IOException.class, t);
        assertTrue(t.getMessage().contains("closed before the response started"), t.getMessage());
    }
}
