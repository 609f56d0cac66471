package dev.strand.secure.streams.local;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.QOS_NACK_REMOTE;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.StreamState;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.StateTransitions;
import dev.strand.protocol.h1.H1Protocol;
import dev.strand.secure.streams.local.MemHttpOrigin.Reply;
import dev.strand.secure.streams.local.MemHttpOrigin.Request;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP streams on a fake clock (secure-streams.md §1.3–§1.8, §2.3, §5): one transaction per
 * attempt through the connection engine and protocol-h1, against an origin on in-JVM links, so
 * every delay (backoff, Retry-After, the stream timer) is exact. Every sequence reported is also
 * checked against lws's transition table. The same binding runs in the SS proxy; the proxy tests
 * cover it over real sockets.
 */
class HttpStreamTest {

    private static final int PORT = 18000;

    private final ManualLoop loop = new ManualLoop();
    private final TcpOverMem tcp = new TcpOverMem();
    private final Providers providers = Providers.empty();
    private final StreamContext context;
    private final Policy policy;
    private final List<Recorder> recorders = new ArrayList<>();
    private MemHttpOrigin origin;

    HttpStreamTest() throws Exception {
        providers.addTransport(tcp);
        providers.addProtocol(new RawProtocol());
        providers.addProtocol(new H1Protocol());
        context = new StreamContext(providers, () -> 0L, Duration.ofSeconds(5));
        String at = "\"endpoint\": \"127.0.0.1\", \"port\": " + PORT + ", \"protocol\": \"h1\", \"retry\": \"quick\"";
        policy = PolicyLoader.load("{ \"retry\": [ { \"quick\": { \"backoff\": [100, 200], \"conceal\": 3, \"jitterpc\": 1 } } ],"
                + " \"s\": ["
                + " { \"get\": { " + at + ", \"http_method\": \"GET\", \"http_url\": \"/r/${id}\", \"opportunistic\": true,"
                + "   \"metadata\": [ { \"id\": \"\" }, { \"tag\": \"x-tag:\" }, { \"srv\": \"server:\" } ], \"timeout_ms\": 700 } },"
                + " { \"getnailed\": { " + at + ", \"http_method\": \"GET\", \"http_url\": \"r/nailed\","
                + "   \"nailed_up\": true } },"
                + " { \"post\": { " + at + ", \"http_method\": \"POST\", \"http_url\": \"post\", \"opportunistic\": true,"
                + "   \"metadata\": [ { \"ctype\": \"content-type:\" } ] } },"
                + " { \"postnocl\": { " + at + ", \"http_method\": \"POST\", \"http_url\": \"post\", \"opportunistic\": true,"
                + "   \"http_no_content_length\": true } },"
                + " { \"mapped\": { " + at + ", \"http_method\": \"GET\", \"http_url\": \"m\", \"opportunistic\": true,"
                + "   \"http_resp_map\": [ { \"530\": 1530 } ] } },"
                + " { \"expect201\": { " + at + ", \"http_method\": \"GET\", \"http_url\": \"e\", \"opportunistic\": true,"
                + "   \"http_expect\": 201 } },"
                + " { \"redir\": { " + at + ", \"http_method\": \"GET\", \"http_url\": \"from\", \"opportunistic\": true,"
                + "   \"allow_redirects\": true } },"
                + " { \"postredir\": { " + at + ", \"http_method\": \"POST\", \"http_url\": \"form\", \"opportunistic\": true,"
                + "   \"allow_redirects\": true } },"
                + " { \"putlen\": { " + at + ", \"http_method\": \"PUT\", \"http_url\": \"put\", \"opportunistic\": true,"
                + "   \"metadata\": [ { \"len\": \"content-length:\" } ] } },"
                + " { \"noredir\": { " + at + ", \"http_method\": \"GET\", \"http_url\": \"from\", \"opportunistic\": true } }"
                + " ] }");
    }

    @AfterEach
    void stop() {
        recorders.forEach(r -> r.stream.destroy());
        loop.runPending();
        if (origin != null) {
            origin.close();
        }
        context.engines().close();
        loop.runPending();
        for (Recorder r : recorders) {
            StreamState previous = StreamState.UNSET;
            for (StreamState s : r.states) {
                assertTrue(StateTransitions.isAllowed(previous, s), previous + " -> " + s + " in " + r.states);
                if (StateTransitions.isTracked(s)) {
                    previous = s;
                }
            }
        }
    }

    private void origin(Function<Request, Reply> responder) throws IOException {
        origin = new MemHttpOrigin(tcp, loop, PORT, responder);
    }

    private Recorder create(String type) {
        Recorder r = new Recorder();
        r.stream = LocalStream.create(policy.streamType(type).orElseThrow(), loop, context, r, "test");
        recorders.add(r);
        return r;
    }

    private static Reply ok(String body) {
        return Reply.of(200, body, "Server: mem-origin/1");
    }

    @Test
    void aGetIsOneTransactionWithMetadataBothWaysAndAZeroLengthEom() throws IOException {
        origin(r -> ok("hello from " + r.target()));
        Recorder r = create("get");
        r.stream.setMetadata("id", "abc".getBytes(StandardCharsets.US_ASCII));
        r.stream.setMetadata("tag", "t1".getBytes(StandardCharsets.US_ASCII));
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), r.states);
        assertEquals(List.of("meta srv=mem-origin/1", "state CONNECTED", "rx SOM hello from /r/abc", "rx EOM ",
                "state QOS_ACK_REMOTE"), r.log.subList(2, 7), "metadata before CONNECTED and the payload");
        Request req = origin.requests.get(0);
        assertEquals("GET", req.method());
        assertEquals("/r/abc", req.target(), "${id} substituted, one leading slash");
        assertEquals("t1", req.header("x-tag"));
        assertEquals("127.0.0.1:" + PORT, req.header("Host"));
        assertArrayEquals("mem-origin/1".getBytes(StandardCharsets.US_ASCII), r.stream.metadata("srv").orElseThrow(),
                "a response header updates the stream's own metadata");
    }

    @Test
    void backToBack497e25df8AndDuplicateConnectedEb056c2f9EachTransactionHasOneConnectingAndOneConnected()
            throws IOException {
        origin(r -> ok("n" + origin.requests.size()));
        Recorder r = create("get");
        for (int i = 0; i < 3; i++) {
            r.stream.connect();
            loop.runPending();
        }
        assertEquals(List.of(CREATING,
                CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED,
                CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED,
                CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), r.states);
        assertEquals(3, origin.requests.size());
        assertEquals(1, origin.connections, "the three transactions shared one kept-alive connection");
    }

    @Test
    void requestTxAndALengthHintAnnounceTheTransactionWithPoll() throws IOException {
        origin(r -> ok("x"));
        Recorder r = create("get");
        r.stream.requestTx();
        loop.runPending();
        assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), r.states);
    }

    @Test
    void qos7e5e46a16ABodyThatDribblesInGetsOneSomOneEomAndOneAck() throws IOException {
        String body = "0123456789".repeat(40);
        origin(r -> ok(body).inChunks(40, 1));
        Recorder r = create("get");
        r.stream.connect();
        loop.advance(Duration.ofMillis(100));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), r.states);
        assertTrue(r.rxFlags.size() > 10, "the body came in pieces: " + r.rxFlags.size());
        assertEquals(PayloadFlags.SOM, r.rxFlags.get(0));
        assertEquals(PayloadFlags.EOM, r.rxFlags.get(r.rxFlags.size() - 1));
        assertTrue(r.rxFlags.subList(1, r.rxFlags.size() - 1).stream().allMatch(f -> f == 0), r.rxFlags.toString());
        assertEquals(body, r.rx.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void stuckInConnecting0af267355AnOriginThatClosesWithoutReplyingIsUnreachableAndRetried() throws IOException {
        origin(r -> Reply.hangUp());
        Recorder r = create("getnailed");
        loop.advance(Duration.ofSeconds(2));
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING,
                UNREACHABLE, POLL, CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED), r.states,
                "never stuck in CONNECTING; conceal 3, then ALL_RETRIES_FAILED");
    }

    @Test
    void timer32caed631NoTimeoutArrivesAfterTheTransactionEnded() throws IOException {
        origin(r -> ok("quick"));
        Recorder r = create("get");
        r.stream.startTimeout(300);
        r.stream.connect();
        loop.runPending();
        assertEquals(DISCONNECTED, r.states.get(r.states.size() - 1));
        loop.advance(Duration.ofSeconds(2));
        assertFalse(r.states.contains(TIMEOUT), r.states.toString());
        r.stream.startTimeout(0);
        loop.advance(Duration.ofMillis(700));
        assertEquals(TIMEOUT, r.states.get(r.states.size() - 1), "re-armed, it fires: DISCONNECTED -> TIMEOUT is legal");
        r.stream.startTimeout(100);
        r.stream.destroy();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(DESTROYING, r.states.get(r.states.size() - 1), "nothing after DESTROYING");
    }

    @Test
    void retryAfter429e8420f31eTheNextAttemptComesNoEarlierThanTheServerAsked() throws IOException {
        origin(r -> origin.requests.size() == 1 ? Reply.of(429, "slow down", "Retry-After: 3") : ok("now"));
        Recorder r = create("get");
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE), r.states, "429 fails the attempt (concealed)");
        loop.advance(Duration.ofMillis(2999));
        assertEquals(3, r.states.size(), "the backoff says 100 ms; Retry-After says 3 s");
        loop.advance(Duration.ofMillis(1));
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE,
                DISCONNECTED), r.states, "even an opportunistic stream comes back after 503/429");
    }

    @Test
    void a503WithAnHttpDateRetryAfterWaitsUntilThatDate() throws IOException {
        long now = loop.currentTimeMicros() / 1000;
        Instant at = Instant.ofEpochSecond(now / 1000 + 6);
        long wait = at.toEpochMilli() - now;
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
        origin(r -> origin.requests.size() == 1 ? Reply.of(503, "", "Retry-After: " + date) : ok("up"));
        Recorder r = create("get");
        r.stream.connect();
        loop.advance(Duration.ofMillis(wait - 1));
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE), r.states, "nothing before " + date);
        loop.advance(Duration.ofMillis(1));
        assertTrue(r.states.contains(QOS_ACK_REMOTE), r.states.toString());
    }

    @Test
    void httpRespMapTurnsAStatusIntoAnApplicationStateAndExpectDecidesAckOrNack() throws IOException {
        origin(r -> switch (r.target()) {
            case "/m" -> Reply.of(530, "mapped");
            default -> Reply.of(origin.requests.stream().filter(q -> q.target().equals("/e")).count() == 1 ? 200 : 201, "e");
        });
        Recorder mapped = create("mapped");
        mapped.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, StreamState.of(1530), CONNECTED, QOS_NACK_REMOTE, DISCONNECTED),
                mapped.states, "the mapped state comes with the response head, as in lws");
        Recorder expect = create("expect201");
        expect.stream.connect();
        loop.runPending();
        expect.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_NACK_REMOTE, DISCONNECTED,
                CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), expect.states, "200 is a NACK when 201 is expected");
    }

    @Test
    void aRedirectIsRefusedWithoutAllowRedirects() throws IOException {
        origin(r -> Reply.of(302, "", "Location: /to"));
        Recorder r = create("noredir");
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE), r.states, "as lws: the refused redirect fails the attempt");
        assertEquals(List.of("/from"), origin.requests.stream().map(Request::target).toList());
    }

    @Test
    void e63AllowedRedirectsAreFollowedAndTheConnectionTheStreamLeftNoLongerCounts() throws IOException {
        origin(r -> switch (r.target()) {
            case "/from" -> Reply.of(302, "moved", "Location: /mid");
            case "/mid" -> Reply.of(303, "see other", "Location: http://127.0.0.1:" + PORT + "/to?x=1");
            default -> ok("arrived at " + r.target());
        });
        Recorder r = create("redir");
        r.stream.connect();
        loop.advance(Duration.ofMillis(10));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), r.states,
                "one CONNECTED, for the final response; the abandoned exchanges report nothing");
        assertEquals("arrived at /to?x=1", r.rx.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of("/from", "/mid", "/to?x=1"), origin.requests.stream().map(Request::target).toList());
    }

    @Test
    void aPostAnswered303IsFollowedWithAGetAndA307WouldNeedTheBodyTwiceSoItIsRefused() throws IOException {
        origin(r -> switch (r.target()) {
            case "/form" -> origin.requests.size() == 1 ? Reply.of(303, "", "Location: /done") : Reply.of(307, "", "Location: /again");
            default -> ok(r.method() + " " + r.target());
        });
        Recorder r = create("postredir");
        r.stream.lengthHint(2);
        loop.runPending();
        r.stream.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)), PayloadFlags.SOM | PayloadFlags.EOM);
        loop.runPending();
        assertEquals("GET /done", r.rx.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), r.states);
        r.stream.lengthHint(2);
        loop.runPending();
        r.stream.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)), PayloadFlags.SOM | PayloadFlags.EOM);
        loop.runPending();
        assertEquals(List.of(POLL, CONNECTING, CONNECTED, DISCONNECTED), r.states.subList(6, 10),
                "307 keeps the method and body, which cannot be sent again: the transaction fails after CONNECTED");
        assertEquals(List.of("POST /form", "GET /done", "POST /form"),
                origin.requests.stream().map(q -> q.method() + " " + q.target()).toList());
    }

    @Test
    void aPostSendsTheClientsPayloadAsItsBodyWithTheAnnouncedLength() throws IOException {
        origin(r -> ok("got " + r.body().length));
        Recorder r = create("post");
        r.stream.setMetadata("ctype", "text/plain".getBytes(StandardCharsets.US_ASCII));
        r.stream.lengthHint(10);
        loop.runPending();
        assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED), r.states,
                "CONNECTED before any response, so that the body can be sent");
        r.stream.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), PayloadFlags.SOM);
        r.stream.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.US_ASCII)), PayloadFlags.EOM);
        loop.runPending();
        Request req = origin.requests.get(0);
        assertEquals("POST", req.method());
        assertEquals("10", req.header("Content-Length"));
        assertEquals("text/plain", req.header("content-type"));
        assertEquals("helloworld", new String(req.body(), StandardCharsets.US_ASCII));
        assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), r.states);
        assertEquals("got 10", r.rx.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void contentLengthE815ad292AContentLengthSetThroughMetadataIsTheBodysLength() throws IOException {
        origin(r -> ok("got " + new String(r.body(), StandardCharsets.US_ASCII)));
        Recorder r = create("putlen");
        r.stream.setMetadata("len", "4".getBytes(StandardCharsets.US_ASCII));
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), r.states, "a body is pending: CONNECTED at once");
        r.stream.write(ByteBuffer.wrap("data".getBytes(StandardCharsets.US_ASCII)), PayloadFlags.SOM | PayloadFlags.EOM);
        loop.runPending();
        Request req = origin.requests.get(0);
        assertEquals("PUT", req.method());
        assertEquals("4", req.header("Content-Length"));
        assertEquals(1, req.headerLines().stream().filter(h -> h.regionMatches(true, 0, "content-length:", 0, 15)).count(),
                "one Content-Length, the protocol's");
        assertEquals("got data", r.rx.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void aPostWithoutAnnouncedLengthOrWithHttpNoContentLengthIsSentChunkedUntilEom() throws IOException {
        origin(r -> ok("got " + r.body().length));
        for (String type : List.of("post", "postnocl")) {
            Recorder r = create(type);
            if (type.equals("postnocl")) {
                r.stream.lengthHint(6);
            } else {
                r.stream.connect();
            }
            loop.runPending();
            r.stream.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)), PayloadFlags.SOM);
            loop.runPending();
            assertFalse(r.states.contains(QOS_ACK_REMOTE), "the body is not over before EOM");
            r.stream.write(ByteBuffer.wrap("def".getBytes(StandardCharsets.US_ASCII)), PayloadFlags.EOM);
            loop.runPending();
            Request req = origin.requests.get(origin.requests.size() - 1);
            assertNull(req.header("Content-Length"), type);
            assertEquals("chunked", req.header("Transfer-Encoding"), type);
            assertEquals("abcdef", new String(req.body(), StandardCharsets.US_ASCII), type);
            assertTrue(r.states.contains(QOS_ACK_REMOTE), type + ": " + r.states);
        }
    }

    @Test
    void aWriterHeldBackByATransactionThatDiesMayWriteAgain() throws IOException {
        origin(r -> ok("never"));
        origin.stalled = true;
        Recorder r = create("post");
        r.stream.lengthHint(1 << 20);
        loop.runPending();
        assertEquals(CONNECTED, r.states.get(r.states.size() - 1));
        boolean more = true;
        for (int i = 0; i < 64 && more; i++) {
            more = r.stream.write(ByteBuffer.wrap(new byte[16 * 1024]), i == 0 ? PayloadFlags.SOM : 0);
            loop.runPending();
        }
        assertFalse(more, "the unread origin backs the body up to the writer");
        assertEquals(0, r.writableAgain);
        List.copyOf(origin.links).forEach(l -> l.abort(new IOException("origin gave up")));
        loop.runPending();
        assertEquals(DISCONNECTED, r.states.get(r.states.size() - 1));
        assertEquals(1, r.writableAgain, "the writer is released with the transaction, not left waiting");
    }

    @Test
    void aPausedStreamReadsNoResponseUntilItResumes() throws IOException {
        origin(r -> ok("later"));
        Recorder r = create("get");
        r.stream.setReading(false);
        r.stream.connect();
        loop.advance(Duration.ofMillis(50));
        assertEquals(1, origin.requests.size(), "the request went out");
        assertEquals(List.of(CREATING, CONNECTING), r.states, "but the response is not read");
        r.stream.setReading(true);
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), r.states);
        assertEquals("later", r.rx.toString(StandardCharsets.US_ASCII));
    }

    /** Records what a stream reports, in one log too. */
    static final class Recorder implements StreamEvents {
        LocalStream stream;
        final List<StreamState> states = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        final ByteArrayOutputStream rx = new ByteArrayOutputStream();
        final List<Integer> rxFlags = new ArrayList<>();
        int writableAgain;

        @Override
        public void onState(StreamState state, long ack) {
            states.add(state);
            log.add("state " + state.name());
        }

        @Override
        public void onRx(ByteBuffer data, int flags) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            rx.writeBytes(b);
            rxFlags.add(flags);
            log.add("rx " + PayloadFlags.toString(flags) + " " + new String(b, StandardCharsets.US_ASCII));
        }

        @Override
        public void onRxMetadata(String name, byte[] value) {
            log.add("meta " + name + "=" + new String(value, StandardCharsets.US_ASCII));
        }

        @Override
        public void onWritableAgain() {
            writableAgain++;
        }
    }
}
