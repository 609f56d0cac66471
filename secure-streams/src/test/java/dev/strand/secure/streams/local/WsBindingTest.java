package dev.strand.secure.streams.local;

import static dev.strand.api.ss.PayloadFlags.EOM;
import static dev.strand.api.ss.PayloadFlags.SOM;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.registry.Providers;
import dev.strand.protocol.ws.WebSocket;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WebSocketOptions;
import dev.strand.protocol.ws.WebSocketServer;
import dev.strand.protocol.ws.WsProtocol;
import dev.strand.secure.streams.local.LocalStreamTest.Recorder;
import dev.strand.secure.streams.policy.ConnectTarget;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.secure.streams.policy.Protocol;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ws onward binding on a fake clock, against protocol-ws's own server over in-JVM "TCP": what
 * the upgrade asks for, how SOM/EOM map to message boundaries both ways, text or binary by
 * {@code ws_binary}, reconnects, refused handshakes, tx misuse, and the validity ping/hang-up from
 * the retry policy.
 */
class WsBindingTest {

    private static final int PORT = 18000;

    private final ManualLoop loop = new ManualLoop();
    private final TcpOverMem tcp = new TcpOverMem();
    private final Providers providers = Providers.empty();
    private final Policy policy;
    private final Origin origin = new Origin();
    private final WebSocketServer server;

    WsBindingTest() throws Exception {
        providers.addTransport(tcp);
        providers.addProtocol(new WsProtocol());
        String ws = "\"endpoint\": \"127.0.0.1\", \"port\": " + PORT + ", \"protocol\": \"ws\"";
        policy = PolicyLoader.load("{ \"retry\": [ { \"quick\": { \"backoff\": [100, 200], \"conceal\": 3, \"jitterpc\": 1 } },"
                + " { \"alive\": { \"backoff\": [100], \"conceal\": 3, \"jitterpc\": 1, \"svalidping\": 2, \"svalidhup\": 5 } } ],"
                + " \"s\": ["
                + " { \"feed\": { " + ws + ", \"http_url\": \"/feed/${room}\", \"metadata\": [ { \"room\": \"\" } ],"
                + " \"ws_subprotocol\": \"lws-test\", \"retry\": \"quick\" } },"
                + " { \"bin\": { " + ws + ", \"http_url\": \"bin\", \"ws_binary\": true, \"nailed_up\": true, \"retry\": \"quick\" } },"
                + " { \"lazy\": { " + ws + ", \"opportunistic\": true, \"retry\": \"quick\" } },"
                + " { \"refused\": { " + ws + ", \"http_url\": \"/refuse\", \"retry\": \"quick\" } },"
                + " { \"alive\": { " + ws + ", \"http_url\": \"/alive\", \"retry\": \"alive\", \"nailed_up\": true } } ] }");
        server = WebSocketServer.listen(tcp, Endpoint.parse("tcp:127.0.0.1:" + PORT), loop,
                WebSocketOptions.DEFAULT.withSubprotocols(List.of("lws-test")), origin::accept);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Recorder create(String type) {
        Recorder r = new Recorder();
        r.stream = LocalStream.create(policy.streamType(type).orElseThrow(), loop,
                new StreamContext(providers, () -> 0L, Duration.ofSeconds(5)), r, "test");
        return r;
    }

    @Test
    void i3318TheUpgradeAsksForHttpUrlWithOneLeadingSlashMetadataFilledAndTheSubprotocol() {
        Recorder r = create("feed");
        r.stream.setMetadata("room", "lobby".getBytes(StandardCharsets.US_ASCII));
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), r.states);
        assertEquals(List.of("/feed/lobby"), origin.targets);
        assertEquals(List.of(List.of("lws-test")), origin.offered);
        Recorder bin = create("bin");
        loop.runPending();
        assertEquals("/bin", origin.targets.get(1), "a path without a slash gets one, never two");
    }

    @Test
    void i2531MetadataChangedBetweenConnectionsIsInTheNextUrl() {
        Recorder r = create("feed");
        r.stream.setMetadata("room", "a".getBytes(StandardCharsets.US_ASCII));
        r.stream.connect();
        loop.runPending();
        r.stream.setMetadata("room", "b".getBytes(StandardCharsets.US_ASCII));
        origin.sockets.get(0).close();
        loop.runPending();
        loop.advance(Duration.ofMillis(100));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), r.states,
                "any non-opportunistic ws stream reconnects, as lws's ss-ws");
        assertEquals(List.of("/feed/a", "/feed/b"), origin.targets);
    }

    @Test
    void txSomToEomIsOneMessageOfFragmentsTextUnlessWsBinary() {
        Recorder r = create("feed");
        r.stream.connect();
        loop.runPending();
        r.stream.write(ascii("hel"), SOM);
        r.stream.write(ascii("l"), 0);
        r.stream.write(ascii("o"), EOM);
        r.stream.write(ascii("!"), SOM | EOM);
        Recorder bin = create("bin");
        loop.runPending();
        bin.stream.write(ascii("raw"), SOM | EOM);
        loop.runPending();
        assertEquals(List.of("text:hello", "text:!", "binary:raw"), origin.messages);
    }

    @Test
    void rxSomMarksEachMessagesFirstPieceAndEomItsLast() {
        Recorder r = create("bin");
        loop.runPending();
        WebSocket ws = origin.sockets.get(0);
        ws.sendFragment(ascii("ab"), false, true, false);
        ws.sendFragment(ascii("cd"), false, false, false);
        ws.sendFragment(ascii("ef"), false, false, true);
        ws.sendBinary(ascii("xyz"));
        loop.runPending();
        assertEquals("abcdefxyz", r.rx.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(SOM, 0, EOM, SOM | EOM), r.rxFlags);
    }

    @Test
    void c0268b224TxOutOfSequenceIsRefusedAndClosesOnlyThatConnection() {
        Recorder bad = create("feed");
        bad.stream.connect();
        Recorder good = create("bin");
        loop.runPending();
        bad.stream.write(ascii("tail"), EOM);
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), bad.states.subList(0, 4),
                "a continuation with no message started drops the connection");
        assertTrue(origin.closes.contains("1011 tx out of sequence"), origin.closes::toString);
        bad.stream.write(ascii("x"), 0);
        good.stream.write(ascii("fine"), SOM | EOM);
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), good.states, "the other stream did not notice");
        assertEquals(List.of("binary:fine"), origin.messages);
        loop.advance(Duration.ofMillis(100));
        bad.stream.write(ascii("ok"), SOM);
        bad.stream.write(ascii("!"), EOM);
        loop.runPending();
        assertEquals(List.of("binary:fine", "text:ok!"), origin.messages, "the reconnected stream starts afresh");
    }

    @Test
    void aRefusedHandshakeIsUnreachableAndRetriedOnTheBackoff() {
        Recorder r = create("refused");
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE), r.states);
        loop.advance(Duration.ofMillis(100));
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE), r.states);
    }

    @Test
    void anOpportunisticWsStreamStaysDownWhenTheServerCloses() {
        Recorder r = create("lazy");
        r.stream.connect();
        loop.runPending();
        origin.sockets.get(0).close();
        loop.advance(Duration.ofSeconds(10));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), r.states);
        r.stream.requestTx();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED),
                r.states, "until it is asked: POLL, then a new connection");
    }

    @Test
    void svalidpingPingsAnIdleConnectionAndSvalidhupHangsUpASilentOne() {
        Recorder r = create("alive");
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), r.states);
        loop.advance(Duration.ofMillis(1900));
        assertEquals(0, origin.pings, "no ping before svalidping (2 s)");
        loop.advance(Duration.ofMillis(200));
        assertEquals(1, origin.pings, "a ping after 2 s without traffic");
        assertEquals(3, r.states.size(), "the pong keeps it valid");
        origin.sockets.get(0).setReading(false);
        loop.advance(Duration.ofSeconds(15));
        assertEquals(DISCONNECTED, r.states.get(3), "no traffic for svalidhup (5 s) hangs up: " + r.states);
    }

    @Test
    void theUriIsWsOrWssToTheTargetWithItsPath() {
        assertEquals(URI.create("ws://127.0.0.1:80/x?y=1"), WsBinding.uri(new ConnectTarget(ConnectTarget.Kind.TCP,
                "127.0.0.1", 80, false, "/x?y=1", Protocol.WS, Optional.empty())));
        assertEquals(URI.create("wss://[::1]:8443/"), WsBinding.uri(new ConnectTarget(ConnectTarget.Kind.TCP,
                "::1", 8443, true, "/", Protocol.WS, Optional.empty())));
        assertEquals(URI.create("ws://localhost:80/s"), WsBinding.uri(new ConnectTarget(ConnectTarget.Kind.UNIX,
                "@sock", 0, false, "/s", Protocol.WS, Optional.empty())));
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The ws server side: records upgrade requests, messages, pings and closes; refuses {@code /refuse}. */
    private static final class Origin {
        final List<String> targets = new ArrayList<>();
        final List<List<String>> offered = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<String> closes = new ArrayList<>();
        final List<WebSocket> sockets = new ArrayList<>();
        int pings;

        WebSocketListener accept(WebSocketServer.UpgradeRequest request) {
            targets.add(request.target());
            offered.add(request.subprotocols());
            if (request.target().equals("/refuse")) {
                return null;
            }
            return new WebSocketListener() {
                @Override
                public void onOpen(WebSocket ws) {
                    sockets.add(ws);
                }

                @Override
                public void onText(WebSocket ws, String text) {
                    messages.add("text:" + text);
                }

                @Override
                public void onBinary(WebSocket ws, ByteBuffer data) {
                    messages.add("binary:" + StandardCharsets.US_ASCII.decode(data));
                }

                @Override
                public void onPing(WebSocket ws, ByteBuffer payload) {
                    pings++;
                }

                @Override
                public void onClosed(WebSocket ws, int code, String reason, Throwable cause) {
                    closes.add(code + " " + reason);
                    sockets.remove(ws);
                }
            };
        }
    }
}
