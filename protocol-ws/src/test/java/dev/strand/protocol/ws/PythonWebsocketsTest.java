package dev.strand.protocol.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.registry.Providers;
import dev.strand.transport.wsi.WsiTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WebSocket client, through the connection engine over real TCP and TLS (the wsi transport),
 * against a server nobody here wrote: Debian's python3-websockets running a small echo script.
 */
class PythonWebsocketsTest {

    private static PythonWebsockets server;
    private static WebSocketClient client;

    @BeforeAll
    static void start() throws Exception {
        server = PythonWebsockets.start();
        Providers p = Providers.empty();
        p.addTransport(new WsiTransport());
        p.addProtocol(new WsProtocol());
        client = WebSocketClient.newBuilder().providers(p).trustedCasPem(server.ca.getCertificatePEM()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static URI uri(boolean tls, String path) {
        return URI.create(tls ? server.tlsUri(path) : server.plainUri(path));
    }

    private static WebSocket open(boolean tls, WebSocketOptions options, Recorder r) throws Exception {
        return client.connect(uri(tls, "/echo"), options, r).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static List<Arguments> sizesOverPlainAndTls() {
        List<Integer> sizes = List.of(0, 1, 125, 126, 65_535, 65_536, 200_000, 1 << 20);
        return sizes.stream().flatMap(s -> java.util.stream.Stream.of(Arguments.of(false, s), Arguments.of(true, s))).toList();
    }

    @ParameterizedTest(name = "tls={0}, {1} bytes")
    @MethodSource("sizesOverPlainAndTls")
    void echoesBinaryAndTextMessagesByteForByte(boolean tls, int size) throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(tls, WebSocketOptions.DEFAULT, r);
        byte[] binary = new byte[size];
        new Random(size).nextBytes(binary);
        String text = text(size);
        OnLoop.run(ws.loop(), () -> {
            ws.sendBinary(ByteBuffer.wrap(binary));
            ws.sendText(text);
        });
        Recorder.Message b = r.next();
        assertFalse(b.text());
        assertArrayEquals(binary, b.data());
        assertEquals(text, r.nextText());
        OnLoop.run(ws.loop(), ws::close);
        assertEquals(WsWire.CLOSE_NORMAL, r.awaitClosed().code());
        assertNull(r.awaitClosed().cause());
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void largeMessagesSentAsSmallFragmentsAreReassembledByTheServer(boolean tls) throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(tls, WebSocketOptions.DEFAULT.withFragmentSize(1000), r);
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        OnLoop.run(ws.loop(), () -> ws.sendBinary(ByteBuffer.wrap(data)));
        assertArrayEquals(data, r.next().data());
        OnLoop.run(ws.loop(), ws::close);
        r.awaitClosed();
    }

    @Test
    void callerFragmentedTextSplitInsideACharacterArrivesWhole() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(false, WebSocketOptions.DEFAULT, r);
        byte[] utf8 = "grüße, 世界 ✓".getBytes(StandardCharsets.UTF_8);
        OnLoop.run(ws.loop(), () -> {
            ws.sendFragment(ByteBuffer.wrap(utf8, 0, 3), true, true, false);
            ws.sendFragment(ByteBuffer.wrap(utf8, 3, 9), true, false, false);
            ws.sendFragment(ByteBuffer.wrap(utf8, 12, utf8.length - 12), true, false, true);
        });
        assertEquals("grüße, 世界 ✓", r.nextText());
        OnLoop.run(ws.loop(), ws::close);
        r.awaitClosed();
    }

    @Test
    void serverFragmentsArriveReassembledOrAsAStreamWithFirstAndLast() throws Exception {
        Recorder whole = new Recorder();
        WebSocket ws = open(false, WebSocketOptions.DEFAULT, whole);
        OnLoop.run(ws.loop(), () -> ws.sendText("cmd:fragments:5"));
        assertEquals("frag0;frag1;frag2;frag3;frag4;", whole.nextText());
        OnLoop.run(ws.loop(), ws::close);

        Recorder pieces = new Recorder();
        WebSocket ws2 = open(false, WebSocketOptions.DEFAULT.withDeliverFragments(true), pieces);
        OnLoop.run(ws2.loop(), () -> ws2.sendText("cmd:fragments:3"));
        StringBuilder got = new StringBuilder();
        Recorder.Message m = pieces.next();
        assertTrue(m.first() && m.text());
        while (true) {
            got.append(m.string());
            if (m.last()) {
                break;
            }
            m = pieces.next();
            assertFalse(m.first());
        }
        assertEquals("frag0;frag1;frag2;", got.toString());
        OnLoop.run(ws2.loop(), ws2::close);
        pieces.awaitClosed();
    }

    @Test
    void serverPingIsAnsweredWithAPongCarryingItsPayload() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(false, WebSocketOptions.DEFAULT, r);
        OnLoop.run(ws.loop(), () -> ws.sendText("cmd:ping:token-42"));
        assertEquals("pong-received:token-42", r.nextText());
        assertArrayEquals("token-42".getBytes(StandardCharsets.US_ASCII), r.pings.poll(5, TimeUnit.SECONDS));
        OnLoop.run(ws.loop(), ws::close);
        r.awaitClosed();
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void userPingsComeBackAsPongs(boolean tls) throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(tls, WebSocketOptions.DEFAULT, r);
        Duration rtt = OnLoop.call(ws.loop(), ws::roundTrip).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(rtt.toNanos() > 0);
        OnLoop.run(ws.loop(), () -> ws.ping(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII))));
        byte[] pong;
        do {
            pong = r.pongs.poll(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
        } while (pong != null && pong.length == Long.BYTES);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), pong);
        OnLoop.run(ws.loop(), ws::close);
        r.awaitClosed();
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void clientCloseCodeAndReasonReachTheServerAndAreEchoed(boolean tls) throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(tls, WebSocketOptions.DEFAULT, r);
        OnLoop.run(ws.loop(), () -> ws.close(4001, "bye now"));
        Recorder.Closed c = r.awaitClosed();
        assertEquals(4001, c.code());
        assertNull(c.cause());

        Recorder probe = new Recorder();
        WebSocket ws2 = open(tls, WebSocketOptions.DEFAULT, probe);
        String last;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            OnLoop.run(ws2.loop(), () -> ws2.sendText("cmd:lastclose"));
            last = probe.nextText();
        } while (!last.equals("lastclose:4001:bye now") && System.nanoTime() < deadline);
        assertEquals("lastclose:4001:bye now", last);
        OnLoop.run(ws2.loop(), ws2::close);
        probe.awaitClosed();
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {1000, 1001, 1011, 3000, 4999})
    void serverCloseCodesReachTheClient(int code) throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(false, WebSocketOptions.DEFAULT, r);
        OnLoop.run(ws.loop(), () -> ws.sendText("cmd:close:" + code + ":server says " + code));
        Recorder.Closed c = r.awaitClosed();
        assertEquals(code, c.code());
        assertEquals("server says " + code, c.reason());
        assertNull(c.cause());
    }

    @Test
    void subprotocolOfferedIsSelectedAndBothEndsAgree() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(false, WebSocketOptions.DEFAULT.withSubprotocols(List.of("chat.v1", "other")), r);
        assertEquals(Optional.of("chat.v1"), ws.subprotocol());
        OnLoop.run(ws.loop(), () -> ws.sendText("cmd:subprotocol"));
        assertEquals("subprotocol:chat.v1", r.nextText());
        OnLoop.run(ws.loop(), ws::close);
        r.awaitClosed();

        Recorder none = new Recorder();
        WebSocket ws2 = open(false, WebSocketOptions.DEFAULT, none);
        assertEquals(Optional.empty(), ws2.subprotocol());
        OnLoop.run(ws2.loop(), ws2::close);
        none.awaitClosed();
    }

    @Test
    void refusedUpgradeFailsWithStatusAndBodyExcerpt() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.connect(uri(false, "/forbidden"),
                new Recorder()).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS));
        WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, h.status());
        assertTrue(h.bodyExcerpt().contains("go away"), h.bodyExcerpt());
        assertTrue(h.getMessage().contains("403"), h.getMessage());
    }

    @Test
    void eachWebSocketTakesItsOwnConnectionOutOfThePool() throws Exception {
        long before = client.stats().connectionsOpened();
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        WebSocket wa = open(false, WebSocketOptions.DEFAULT, a);
        WebSocket wb = open(false, WebSocketOptions.DEFAULT, b);
        assertEquals(before + 2, client.stats().connectionsOpened());
        OnLoop.run(wa.loop(), () -> wa.sendText("a"));
        OnLoop.run(wb.loop(), () -> wb.sendText("b"));
        assertEquals("a", a.nextText());
        assertEquals("b", b.nextText());
        OnLoop.run(wa.loop(), wa::close);
        OnLoop.run(wb.loop(), wb::close);
        a.awaitClosed();
        b.awaitClosed();
    }

    /** About {@code bytes} bytes of UTF-8 mixing one-, two-, three- and four-byte characters. */
    static String text(int bytes) {
        String[] parts = {"a", "ü", "€", "𝄞"};
        StringBuilder b = new StringBuilder();
        int have = 0;
        Random random = new Random(bytes);
        while (have < bytes) {
            String p = parts[random.nextInt(parts.length)];
            int n = p.getBytes(StandardCharsets.UTF_8).length;
            if (have + n > bytes) {
                p = "a";
                n = 1;
            }
            b.append(p);
            have += n;
        }
        return b.toString();
    }
}
