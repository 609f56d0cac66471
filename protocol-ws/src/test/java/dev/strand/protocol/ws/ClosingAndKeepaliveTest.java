package dev.strand.protocol.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The close handshake, its timeout, the keepalive ping and the validity-check hangup, driven
 * with a fake clock; and the send-side checks of the WebSocket handle.
 */
class ClosingAndKeepaliveTest {

    @Test
    void closeHandshakeEchoesTheCodeAndBothEndsSeeIt() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            Recorder r = new Recorder();
            WebSocket ws = bed.open(WebSocketOptions.DEFAULT, r);
            ws.close(4100, "done here");
            assertFalse(ws.isOpen());
            bed.loop.runPending();
            assertEquals(new Recorder.Closed(4100, "done here", null), bed.serverSide.closed.getNow(null));
            Recorder.Closed c = r.closed.getNow(null);
            assertEquals(4100, c.code());
            assertNull(c.cause());
        }
    }

    @Test
    void peerThatNeverAnswersTheCloseIsCutOffAtTheCloseTimeout() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            Recorder r = new Recorder();
            WebSocket ws = bed.open(WebSocketOptions.DEFAULT.withCloseTimeout(Duration.ofSeconds(3)), r);
            bed.serverSocket.setReading(false);
            ws.close();
            bed.advance(Duration.ofMillis(2900));
            assertFalse(r.closed.isDone());
            bed.advance(Duration.ofMillis(200));
            Recorder.Closed c = r.closed.getNow(null);
            assertEquals(WsWire.CLOSE_ABNORMAL, c.code());
            assertTrue(c.cause().getMessage().contains("no close frame"), c.cause().getMessage());
        }
    }

    @Test
    void idleConnectionIsPingedAndItsPongsKeepItAlive() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            Recorder r = new Recorder();
            WebSocket ws = bed.open(WebSocketOptions.DEFAULT.withKeepalive(Duration.ofSeconds(30), Duration.ofSeconds(35)), r);
            bed.advance(Duration.ofSeconds(29));
            assertTrue(bed.serverSide.pings.isEmpty());
            bed.advance(Duration.ofSeconds(1));
            assertEquals(1, bed.serverSide.pings.size(), "one ping after 30 s idle");
            for (int i = 0; i < 10; i++) {
                bed.advance(Duration.ofSeconds(30));
            }
            assertTrue(ws.isOpen());
            assertEquals(11, bed.serverSide.pings.size());
            assertFalse(r.closed.isDone());
        }
    }

    @Test
    void silentPeerFailsTheValidityCheckAtTheHangupTime() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            Recorder r = new Recorder();
            bed.open(WebSocketOptions.DEFAULT.withKeepalive(Duration.ofSeconds(30), Duration.ofSeconds(35)), r);
            bed.serverSocket.setReading(false);
            bed.advance(Duration.ofSeconds(34));
            assertFalse(r.closed.isDone());
            bed.advance(Duration.ofSeconds(1));
            Recorder.Closed c = r.closed.getNow(null);
            assertEquals(WsWire.CLOSE_ABNORMAL, c.code());
            WebSocketClosedException e = assertInstanceOf(WebSocketClosedException.class, c.cause());
            assertTrue(e.getMessage().contains("validity check"), e.getMessage());
        }
    }

    @Test
    void trafficPostponesTheKeepalivePing() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            Recorder r = new Recorder();
            WebSocket ws = bed.open(WebSocketOptions.DEFAULT.withKeepalive(Duration.ofSeconds(30), Duration.ZERO), r);
            for (int i = 0; i < 5; i++) {
                bed.advance(Duration.ofSeconds(20));
                bed.serverSocket.sendText("tick " + i);
                bed.loop.runPending();
            }
            assertTrue(bed.serverSide.pings.isEmpty(), "no ping while messages keep arriving");
            assertEquals(5, r.messages.size());
            assertTrue(ws.isOpen());
        }
    }

    @Test
    void roundTripFailsWhenTheConnectionEndsFirst() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            Recorder r = new Recorder();
            WebSocket ws = bed.open(WebSocketOptions.DEFAULT, r);
            bed.serverSocket.setReading(false);
            var rtt = ws.roundTrip();
            ws.abort();
            bed.loop.runPending();
            assertTrue(rtt.isCompletedExceptionally());
            assertEquals(WsWire.CLOSE_ABNORMAL, r.closed.getNow(null).code());
        }
    }

    @Test
    void fragmentSequencingMisuseIsRefusedWithAClearError() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            WebSocket ws = bed.open(WebSocketOptions.DEFAULT, new Recorder());
            IllegalStateException noSom = assertThrows(IllegalStateException.class,
                    () -> ws.sendFragment(ByteBuffer.wrap(new byte[] {1}), false, false, true));
            assertTrue(noSom.getMessage().contains("no message started"), noSom.getMessage());
            ws.sendFragment(ByteBuffer.wrap(new byte[] {1}), false, true, false);
            IllegalStateException somTwice = assertThrows(IllegalStateException.class,
                    () -> ws.sendFragment(ByteBuffer.wrap(new byte[] {2}), false, true, true));
            assertTrue(somTwice.getMessage().contains("unfinished"), somTwice.getMessage());
            assertThrows(IllegalStateException.class, () -> ws.sendText("whole"));
            ws.sendFragment(ByteBuffer.wrap(new byte[] {2}), false, false, true);
            bed.loop.runPending();
            assertEquals(2, bed.serverSide.next().data().length);
        }
    }

    @Test
    void invalidOutgoingTextAndUnsendableCloseCodesAreRefused() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            WebSocket ws = bed.open(WebSocketOptions.DEFAULT, new Recorder());
            assertThrows(IllegalArgumentException.class,
                    () -> ws.sendFragment(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x28}), true, true, true));
            assertThrows(IllegalArgumentException.class,
                    () -> ws.sendFragment(ByteBuffer.wrap(new byte[] {(byte) 0xE2}), true, true, true));
            for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2999, 5000}) {
                assertThrows(IllegalArgumentException.class, () -> ws.close(code, ""), "code " + code);
            }
            assertThrows(IllegalArgumentException.class, () -> ws.close(1000, "x".repeat(124)));
            assertThrows(IllegalArgumentException.class, () -> ws.ping(ByteBuffer.allocate(126)));
            ws.close(1000, "é".repeat(61));
            assertThrows(IllegalStateException.class, () -> ws.sendText("too late"));
            bed.loop.runPending();
            assertEquals("é".repeat(61), bed.serverSide.closed.getNow(null).reason());
        }
    }

    @Test
    void listenerThatThrowsFailsOnlyItsConnectionWith1011() throws Exception {
        try (ManualBed bed = new ManualBed()) {
            Recorder r = new Recorder() {
                @Override
                public void onText(WebSocket ws, String text) {
                    throw new IllegalStateException("listener bug");
                }
            };
            bed.open(WebSocketOptions.DEFAULT, r);
            bed.serverSocket.sendText("boom");
            bed.loop.runPending();
            assertEquals(WsWire.CLOSE_INTERNAL_ERROR, r.closed.getNow(null).code());
            assertEquals(WsWire.CLOSE_INTERNAL_ERROR, bed.serverSide.closed.getNow(null).code());
        }
    }
}
