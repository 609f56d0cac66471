package dev.strand.protocol.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.http.HttpHeaders;
import dev.strand.http.MalformedMessageException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The opening handshake's checks against a server that answers wrongly: each failure names what
 * was wrong, carries the status, and leaves nothing open. Over the in-JVM loopback.
 */
class HandshakeTest {

    private static Throwable failure(Function<String, String> answer, WebSocketOptions options,
                                     Consumer<FaultServer.Peer> script) throws Exception {
        try (FaultBed bed = new FaultBed("mem", answer, script)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> bed.client.connect(bed.uri, options, new Recorder()).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Recorder.WAIT_SECONDS);
            while (bed.client.stats().openConnections() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, bed.client.stats().openConnections(), "the refused connection is closed");
            return e.getCause();
        }
    }

    private static Throwable failure(Function<String, String> answer, WebSocketOptions options) throws Exception {
        return failure(answer, options, peer -> { });
    }

    private static WebSocketHandshakeException refused(Function<String, String> answer) throws Exception {
        return assertInstanceOf(WebSocketHandshakeException.class, failure(answer, WebSocketOptions.DEFAULT));
    }

    @Test
    void nonSwitchingAnswerFailsWithStatusAndTheStartOfTheBody() throws Exception {
        WebSocketHandshakeException e = refused(key -> "HTTP/1.1 401 Unauthorized\r\nContent-Length: 21\r\n\r\nplease log in first\r\n");
        assertEquals(401, e.status());
        assertEquals("please log in first\\x0d\\x0a", e.bodyExcerpt());
        assertTrue(e.getMessage().contains("401 Unauthorized"), e.getMessage());
    }

    @Test
    void refusalWithABodyUntilCloseIsReadToTheEnd() throws Exception {
        Throwable t = failure(key -> "HTTP/1.0 503 Busy\r\n\r\ntry later", WebSocketOptions.DEFAULT,
                FaultServer.Peer::closeLink);
        WebSocketHandshakeException e = assertInstanceOf(WebSocketHandshakeException.class, t);
        assertEquals(503, e.status());
        assertEquals("try later", e.bodyExcerpt());
    }

    @Test
    void wrongAcceptValueIsRefused() throws Exception {
        WebSocketHandshakeException e = refused(key -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertTrue(e.getMessage().contains("Sec-WebSocket-Accept"), e.getMessage());
    }

    @Test
    void missingUpgradeHeaderIsRefused() throws Exception {
        WebSocketHandshakeException e = refused(key -> "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + FaultServer.accept(key) + "\r\n\r\n");
        assertTrue(e.getMessage().contains("Upgrade: websocket"), e.getMessage());
    }

    @Test
    void subprotocolThatWasNotOfferedIsRefused() throws Exception {
        Throwable t = failure(key -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + FaultServer.accept(key) + "\r\nSec-WebSocket-Protocol: evil\r\n\r\n",
                WebSocketOptions.DEFAULT.withSubprotocols(List.of("chat")));
        assertTrue(t.getMessage().contains("evil"), t.getMessage());
    }

    @Test
    void extensionThatWasNotOfferedIsRefused() throws Exception {
        WebSocketHandshakeException e = refused(key -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + FaultServer.accept(key)
                + "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
        assertTrue(e.getMessage().contains("permessage-deflate"), e.getMessage());
    }

    @Test
    void malformedResponseHeadIsRefusedByTheHttpParser() throws Exception {
        assertInstanceOf(MalformedMessageException.class, failure(key -> "HTTP/1.1 1O1 Nope\r\n\r\n",
                WebSocketOptions.DEFAULT));
    }

    @Test
    void interimResponseBeforeThe101IsSkipped() throws Exception {
        try (FaultBed bed = new FaultBed("mem", key -> "HTTP/1.1 100 Continue\r\n\r\n" + FaultServer.switchingProtocols(key),
                peer -> peer.send(MalformedFrameTest.bytes(0x81, 0x02, 'h', 'i')))) {
            Recorder r = new Recorder();
            bed.client.connect(bed.uri, WebSocketOptions.DEFAULT, r).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("hi", r.nextText());
        }
    }

    @Test
    void framesInTheSameReadAsThe101AreDelivered() throws Exception {
        try (FaultBed bed = new FaultBed("mem", key -> FaultServer.switchingProtocols(key) + "\u0081\u0003now", peer -> { })) {
            Recorder r = new Recorder();
            bed.client.connect(bed.uri, WebSocketOptions.DEFAULT, r).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("now", r.nextText());
        }
    }

    @Test
    void requestCarriesTheMandatoryFieldsAndTheCallersExtras() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (FaultBed bed = new FaultBed("mem", key -> {
            seen.append(key);
            return FaultServer.switchingProtocols(key);
        }, peer -> { })) {
            WebSocketOptions options = WebSocketOptions.DEFAULT.withSubprotocols(List.of("a", "b"))
                    .withHeaders(HttpHeaders.of("Origin", "https://app.example"));
            WebSocket ws = bed.client.connect(bed.uri, options, new Recorder()).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(24, seen.length(), "a base64 key of 16 bytes");
            assertTrue(OnLoop.call(ws.loop(), ws::isOpen));
        }
        assertThrows(IllegalArgumentException.class,
                () -> WebSocketOptions.DEFAULT.withHeaders(HttpHeaders.of("Sec-WebSocket-Key", "x")));
        assertThrows(IllegalArgumentException.class, () -> WebSocketOptions.DEFAULT.withSubprotocols(List.of("a b")));
    }
}
