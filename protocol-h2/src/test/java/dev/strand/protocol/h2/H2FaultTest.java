package dev.strand.protocol.h2;

import static dev.strand.protocol.h2.H2Clients.await;
import static dev.strand.protocol.h2.H2Clients.failureOf;
import static dev.strand.protocol.h2.H2Clients.get;
import static dev.strand.protocol.h2.H2Clients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.http.HttpClient;
import dev.strand.http.HttpResponse;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The h2 session against an in-process server that misbehaves on purpose: refused and reset
 * streams, GOAWAY, flow-control windows run dry, SETTINGS changed mid-stream, malformed frames
 * and header blocks. Each fault costs what it belongs to (a stream or this connection) and no more.
 */
class H2FaultTest {

    @Test
    void refusedStreamIsSentAgainEvenForAPostBecauseTheServerNeverProcessedIt() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.streamId() == 1) {
                c.rst(1, ErrorCode.REFUSED_STREAM);
            } else {
                c.respond(r.streamId(), 200, "took " + r.bodyText());
            }
        }); HttpClient client = H2Clients.to(server)) {
            HttpResponse r = await(client.send(post("/p", "payload")));
            assertEquals("took payload", r.bodyText());
            assertEquals(1, client.stats().exchangesRedispatched());
            assertEquals(2, server.requests.size());
        }
    }

    @Test
    void resetInTheMiddleOfABodyFailsOnlyThatExchangeAndIsNotSentAgain() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.path().equals("/broken")) {
                c.headers(r.streamId(), new DefaultHttp2Headers().status("200"), false);
                c.data(r.streamId(), "half of it".getBytes(StandardCharsets.UTF_8), false);
                c.rst(r.streamId(), ErrorCode.INTERNAL_ERROR);
            } else {
                c.respond(r.streamId(), 200, "fine");
            }
        }); HttpClient client = H2Clients.to(server)) {
            CompletableFuture<HttpResponse> broken = client.send(get("/broken"));
            CompletableFuture<HttpResponse> fine = client.send(get("/fine"));
            H2Exception e = assertInstanceOf(H2Exception.class, failureOf(broken));
            assertEquals(H2Exception.Kind.STREAM_RESET_BY_PEER, e.kind());
            assertEquals("INTERNAL_ERROR", e.errorName());
            assertTrue(e.getMessage().contains("after the response started"), e.getMessage());
            assertEquals("fine", await(fine).bodyText());
            assertEquals(1, server.requests.stream().filter(r -> r.path().equals("/broken")).count());
            assertEquals(1, server.connections.size());
        }
    }

    @Test
    void goawayWithALowLastStreamIdLetsTheLowerStreamsFinishAndSendsTheOthersAgain() throws Exception {
        List<H2FaultServer.Request> held = new ArrayList<>();
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.connection() > 1) {
                c.respond(r.streamId(), 200, "second connection " + r.path());
                return;
            }
            held.add(r);
            if (held.size() == 4) {
                c.goAway(3, ErrorCode.NO_ERROR);
                c.respond(1, 200, "first connection /0");
                c.respond(3, 200, "first connection /1");
            }
        }); HttpClient client = H2Clients.to(server)) {
            List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(client.send(get("/" + i)));
            }
            assertEquals("first connection /0", await(fs.get(0)).bodyText());
            assertEquals("first connection /1", await(fs.get(1)).bodyText());
            assertEquals("second connection /2", await(fs.get(2)).bodyText());
            assertEquals("second connection /3", await(fs.get(3)).bodyText());
            assertEquals(2, client.stats().exchangesRedispatched());
            assertEquals(0, client.stats().exchangesFailed());
            H2FaultServer.await("the drained connection to close", () -> server.connections.get(0).closed);
        }
    }

    @Test
    void aRequestBodyWaitsForWindowUpdatesWhenTheServersWindowRunsDry() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> c.respond(r.streamId(), 200, "got " + r.body().length))) {
            server.autoWindowUpdate = false;
            server.opening = c -> c.settings(H2Wire.SETTINGS_INITIAL_WINDOW_SIZE, 10);
            try (HttpClient client = H2Clients.to(server)) {
                String body = "x".repeat(25);
                CompletableFuture<HttpResponse> f = client.send(post("/upload", body));
                H2FaultServer.await("the first 10 bytes", () -> dataBytes(server) == 10);
                Thread.sleep(100);
                assertEquals(10, dataBytes(server), "nothing beyond the window");
                server.connections.get(0).run(() -> server.connections.get(0).windowUpdate(1, 10));
                H2FaultServer.await("20 bytes", () -> dataBytes(server) == 20);
                server.connections.get(0).run(() -> server.connections.get(0).windowUpdate(1, 100));
                assertEquals("got 25", await(f).bodyText());
            }
        }
    }

    @Test
    void settingsChangedMidStreamResizeTheWindowsOfOpenStreamsAndTheStreamLimit() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> c.respond(r.streamId(), 200, r.path() + " " + r.body().length))) {
            server.autoWindowUpdate = false;
            server.opening = c -> c.settings(H2Wire.SETTINGS_INITIAL_WINDOW_SIZE, 0, H2Wire.SETTINGS_MAX_CONCURRENT_STREAMS, 4);
            try (HttpClient client = H2Clients.to(server)) {
                CompletableFuture<HttpResponse> upload = client.send(post("/upload", "y".repeat(1000)));
                H2FaultServer.await("the upload's headers", () -> server.framesOfType(H2Wire.HEADERS).size() == 1);
                Thread.sleep(50);
                assertEquals(0, dataBytes(server), "a zero window lets no byte through");
                H2FaultServer.Conn c = server.connections.get(0);
                c.run(() -> c.settings(H2Wire.SETTINGS_INITIAL_WINDOW_SIZE, 65_535, H2Wire.SETTINGS_MAX_CONCURRENT_STREAMS, 1));
                assertEquals("/upload 1000", await(upload).bodyText());
                List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    fs.add(client.send(get("/after-" + i)));
                }
                for (CompletableFuture<HttpResponse> f : fs) {
                    await(f);
                }
                assertEquals(1, c.maxOpenStreams, "never more than the new limit of 1 stream at once");
            }
        }
    }

    @Test
    void dataBeyondTheStreamsWindowResetsOnlyThatStream() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.path().equals("/flood")) {
                c.headers(r.streamId(), new DefaultHttp2Headers().status("200"), false);
                c.raw(H2Wire.DATA, 0, r.streamId(), new byte[2000]);
            } else {
                c.respond(r.streamId(), 200, "ok");
            }
        }); HttpClient client = H2Clients.to(server, H2Settings.DEFAULT.withWindows(1024, 1 << 20)).build()) {
            H2Exception e = assertInstanceOf(H2Exception.class, failureOf(client.send(get("/flood"))));
            assertEquals("FLOW_CONTROL_ERROR", e.errorName());
            H2FaultServer.await("the client's RST_STREAM", () -> !server.framesOfType(H2Wire.RST_STREAM).isEmpty());
            assertEquals(ErrorCode.FLOW_CONTROL_ERROR.code(), server.framesOfType(H2Wire.RST_STREAM).get(0).errorCode());
            assertEquals("ok", await(client.send(get("/next"))).bodyText());
            assertEquals(1, server.connections.size(), "the connection survived");
        }
    }

    @Test
    void aResponseWithoutStatusCostsOnlyItsStream() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.path().equals("/bad")) {
                c.headers(r.streamId(), new DefaultHttp2Headers().add("x", "no status"), true);
            } else {
                c.respond(r.streamId(), 200, "ok");
            }
        }); HttpClient client = H2Clients.to(server)) {
            H2Exception e = assertInstanceOf(H2Exception.class, failureOf(client.send(post("/bad", "b"))));
            assertEquals(H2Exception.Kind.STREAM_ERROR, e.kind());
            assertTrue(e.getMessage().contains("has no :status"), e.getMessage());
            assertEquals("ok", await(client.send(get("/good"))).bodyText());
            assertEquals(1, server.connections.size());
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("PING of 7 bytes", ErrorCode.FRAME_SIZE_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.PING, 0, 0, new byte[7])),
                Arguments.of("SETTINGS on a stream", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.SETTINGS, 0, 1, new byte[0])),
                Arguments.of("SETTINGS of 5 bytes", ErrorCode.FRAME_SIZE_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.SETTINGS, 0, 0, new byte[5])),
                Arguments.of("SETTINGS_ENABLE_PUSH 1", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.settings(H2Wire.SETTINGS_ENABLE_PUSH, 1)),
                Arguments.of("SETTINGS_INITIAL_WINDOW_SIZE 2^31", ErrorCode.FLOW_CONTROL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.settings(H2Wire.SETTINGS_INITIAL_WINDOW_SIZE, 0x8000_0000)),
                Arguments.of("SETTINGS_MAX_FRAME_SIZE 100", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.settings(H2Wire.SETTINGS_MAX_FRAME_SIZE, 100)),
                Arguments.of("DATA on stream 0", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.DATA, 0, 0, new byte[3])),
                Arguments.of("WINDOW_UPDATE of 0 on the connection", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.WINDOW_UPDATE, 0, 0, new byte[4])),
                Arguments.of("WINDOW_UPDATE overflowing the connection window", ErrorCode.FLOW_CONTROL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.windowUpdate(0, Integer.MAX_VALUE)),
                Arguments.of("HEADERS on a server-initiated stream", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.HEADERS, H2Wire.FLAG_END_HEADERS, 2, new byte[] {(byte) 0x88})),
                Arguments.of("CONTINUATION without HEADERS", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.CONTINUATION, H2Wire.FLAG_END_HEADERS, 1, new byte[] {(byte) 0x88})),
                Arguments.of("a frame interrupting a header block", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> {
                            c.raw(H2Wire.HEADERS, 0, 1, new byte[] {(byte) 0x88});
                            c.raw(H2Wire.PING, 0, 0, new byte[8]);
                        }),
                Arguments.of("a frame above SETTINGS_MAX_FRAME_SIZE", ErrorCode.FRAME_SIZE_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.DATA, 0, 1, new byte[H2Wire.DEFAULT_MAX_FRAME_SIZE + 1])),
                Arguments.of("PUSH_PROMISE", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.PUSH_PROMISE, H2Wire.FLAG_END_HEADERS, 1, new byte[] {0, 0, 0, 2, (byte) 0x82})),
                Arguments.of("RST_STREAM on an idle stream", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.rst(99, ErrorCode.CANCEL)),
                Arguments.of("RST_STREAM of 3 bytes", ErrorCode.FRAME_SIZE_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.RST_STREAM, 0, 1, new byte[3])),
                Arguments.of("GOAWAY of 5 bytes", ErrorCode.FRAME_SIZE_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.GOAWAY, 0, 0, new byte[5])),
                Arguments.of("padding longer than the frame", ErrorCode.PROTOCOL_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.DATA, H2Wire.FLAG_PADDED, 1, new byte[] {9, 1, 2})),
                Arguments.of("an HPACK index beyond both tables", ErrorCode.COMPRESSION_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.HEADERS, H2Wire.FLAG_END_HEADERS | H2Wire.FLAG_END_STREAM, 1,
                                new byte[] {(byte) 0xff, (byte) 0x80, 0x01})),
                Arguments.of("an HPACK literal cut short", ErrorCode.COMPRESSION_ERROR,
                        (Consumer<H2FaultServer.Conn>) c -> c.raw(H2Wire.HEADERS, H2Wire.FLAG_END_HEADERS, 1,
                                new byte[] {0x40, 0x0a, 'a', 'b'})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputIsAConnectionErrorWithItsCodeAndCostsOnlyThatConnection(String what, ErrorCode code,
                                                                              Consumer<H2FaultServer.Conn> fault) throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.connection() == 1) {
                fault.accept(c);
            } else {
                c.respond(r.streamId(), 200, "healthy");
            }
        }); HttpClient client = H2Clients.to(server)) {
            Throwable t = failureOf(client.send(post("/victim", "not replayable by method")));
            H2Exception e = assertInstanceOf(H2Exception.class, t);
            assertEquals(H2Exception.Kind.CONNECTION_ERROR, e.kind());
            assertEquals(code.name(), e.errorName(), e.getMessage());
            H2FaultServer.await("the client's GOAWAY", () -> !server.framesOfType(H2Wire.GOAWAY).isEmpty());
            assertEquals(code.code(), server.framesOfType(H2Wire.GOAWAY).get(0).errorCode());
            H2FaultServer.await("the connection to close", () -> server.connections.get(0).closed);
            assertEquals("healthy", await(client.send(get("/after"))).bodyText(), "the client carries on with a new connection");
        }
    }

    @Test
    void framesSplitAtEveryByteAreReadAsWhole() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            H2FaultServer.Conn scratch = c;
            io.netty.handler.codec.http2.Http2Headers h = new DefaultHttp2Headers().status("200").add("x-long", "v".repeat(40_000));
            ByteBuffer block;
            try {
                block = scratch.hpack.encode(r.streamId(), h);
            } catch (Hpack.HpackException e) {
                throw new IllegalStateException(e);
            }
            FrameWriter w = new FrameWriter();
            w.headers(r.streamId(), block, false, H2Wire.DEFAULT_MAX_FRAME_SIZE);
            w.data(r.streamId(), ByteBuffer.wrap("split body".getBytes(StandardCharsets.UTF_8)), 10, true);
            w.drainTo(all -> {
                while (all.hasRemaining()) {
                    c.bytes(new byte[] {all.get()});
                }
            });
        }); HttpClient client = H2Clients.to(server)) {
            HttpResponse r = await(client.send(get("/split")));
            assertEquals("split body", r.bodyText());
            assertEquals(40_000, r.headers().first("x-long").orElseThrow().length(), "HEADERS plus CONTINUATIONs");
        }
    }

    @Test
    void priorityFramesAndPrioritisedHeadersAreToleratedAndIgnored() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            c.raw(H2Wire.PRIORITY, 0, r.streamId(), new byte[] {0, 0, 0, 0, 15});
            c.raw(H2Wire.PRIORITY, 0, r.streamId() + 20, new byte[] {0, 0, 0, 0, 15});
            ByteBuffer block;
            try {
                block = c.hpack.encode(r.streamId(), new DefaultHttp2Headers().status("200"));
            } catch (Hpack.HpackException e) {
                throw new IllegalStateException(e);
            }
            byte[] payload = new byte[H2Wire.PRIORITY_LENGTH + block.remaining()];
            payload[H2Wire.PRIORITY_LENGTH - 1] = (byte) 200;
            block.get(payload, H2Wire.PRIORITY_LENGTH, block.remaining());
            c.raw(H2Wire.HEADERS, H2Wire.FLAG_END_HEADERS | H2Wire.FLAG_PRIORITY, r.streamId(), payload);
            c.data(r.streamId(), r.path().getBytes(StandardCharsets.UTF_8), true);
        }); HttpClient client = H2Clients.to(server)) {
            HttpResponse first = await(client.send(get("/first")));
            HttpResponse second = await(client.send(get("/second")));
            assertEquals(200, first.status());
            assertEquals("/first", first.bodyText(), "the priority fields are not part of the header block");
            assertEquals("/second", second.bodyText());
            assertEquals(first.connection().id(), second.connection().id(), "PRIORITY costs neither stream nor connection");
            assertTrue(server.framesOfType(H2Wire.GOAWAY).isEmpty(), server.frames.toString());
            assertTrue(server.framesOfType(H2Wire.RST_STREAM).isEmpty(), server.frames.toString());
        }
    }

    @Test
    void trailersReachTheHandlerAfterTheBody() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            c.headers(r.streamId(), new DefaultHttp2Headers().status("200"), false);
            c.data(r.streamId(), "body".getBytes(StandardCharsets.UTF_8), false);
            c.headers(r.streamId(), new DefaultHttp2Headers().add("grpc-status", "0"), true);
        }); HttpClient client = H2Clients.to(server)) {
            HttpResponse r = await(client.send(get("/t")));
            assertEquals("body", r.bodyText());
            assertEquals("0", r.trailers().first("grpc-status").orElseThrow());
        }
    }

    @Test
    void cancellingAnExchangeResetsItsStreamAndNoOther() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (!r.path().equals("/slow")) {
                c.respond(r.streamId(), 200, "quick");
            }
        }); HttpClient client = H2Clients.to(server)) {
            CompletableFuture<HttpResponse> slow = client.send(get("/slow"));
            H2FaultServer.await("the slow request", () -> server.requests.size() == 1);
            slow.cancel(true);
            H2FaultServer.await("RST_STREAM(CANCEL)", () -> !server.framesOfType(H2Wire.RST_STREAM).isEmpty());
            H2FaultServer.Frame rst = server.framesOfType(H2Wire.RST_STREAM).get(0);
            assertEquals(1, rst.streamId());
            assertEquals(ErrorCode.CANCEL.code(), rst.errorCode());
            assertEquals("quick", await(client.send(get("/quick"))).bodyText());
        }
    }

    @Test
    void anUnansweredPingClosesTheConnectionAndAnAnsweredOneKeepsItOpen() throws Exception {
        H2Settings quickPing = H2Settings.DEFAULT.withPing(Duration.ofMillis(150), Duration.ofMillis(300));
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            if (r.path().equals("/later")) {
                c.later(700, () -> c.respond(r.streamId(), 200, "late but fine"));
            }
        }); HttpClient client = H2Clients.to(server, quickPing).build()) {
            assertEquals("late but fine", await(client.send(get("/later"))).bodyText());
            assertTrue(server.framesOfType(H2Wire.PING).size() >= 2, "the quiet connection was checked");
            assertEquals(1, server.connections.size());
            server.answerPings = false;
            Throwable t = failureOf(client.send(post("/never", "x")));
            assertTrue(t.getMessage().contains("did not answer PING"), t.toString());
        }
    }

    @Test
    void theServersPingIsAnsweredWithItsPayload() throws Exception {
        try (H2FaultServer server = new H2FaultServer((r, c) -> {
            c.ping(0x0102030405060708L);
            c.respond(r.streamId(), 200, "pong?");
        }); HttpClient client = H2Clients.to(server)) {
            await(client.send(get("/ping")));
            H2FaultServer.await("the PING ACK", () -> server.framesOfType(H2Wire.PING).stream().anyMatch(f -> f.flags() == H2Wire.FLAG_ACK));
            H2FaultServer.Frame ack = server.framesOfType(H2Wire.PING).stream().filter(f -> f.flags() == H2Wire.FLAG_ACK).findFirst().orElseThrow();
            assertEquals(0x0102030405060708L, ByteBuffer.wrap(ack.payload()).getLong());
        }
    }

    private static long dataBytes(H2FaultServer server) {
        return server.framesOfType(H2Wire.DATA).stream().mapToLong(f -> f.payload().length).sum();
    }
}
