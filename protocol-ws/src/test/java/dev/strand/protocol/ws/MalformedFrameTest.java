package dev.strand.protocol.ws;

import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.CLOSE_PAYLOAD_ONE_BYTE;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.CONTINUATION_WITHOUT_START;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.CONTROL_FRAME_TOO_LONG;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.FRAGMENTED_CONTROL_FRAME;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.INVALID_CLOSE_CODE;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.INVALID_UTF8_CLOSE_REASON;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.INVALID_UTF8_TEXT;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.LENGTH_TOO_LARGE;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.MASKED_SERVER_FRAME;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.MESSAGE_NOT_FINISHED;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.MESSAGE_TOO_BIG;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.RESERVED_BITS;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.RESERVED_OPCODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.protocol.ws.WebSocketProtocolException.Problem;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every malformed frame a server can send fails the client's connection with the right close
 * code (sent to the server in a close frame, and reported to the listener) and a
 * {@link WebSocketProtocolException} naming the problem; over the in-JVM loopback and over
 * real TCP, against the in-process fault server.
 */
class MalformedFrameTest {

    private static final WebSocketOptions OPTIONS = WebSocketOptions.DEFAULT.withMaxMessageSize(1024);

    record Case(String name, byte[] bytes, Problem problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("reserved data opcode 0x3", bytes(0x83, 0x00), RESERVED_OPCODE));
        c.add(new Case("reserved control opcode 0xB", bytes(0x8B, 0x00), RESERVED_OPCODE));
        c.add(new Case("RSV1 without an extension", bytes(0xC1, 0x01, 'a'), RESERVED_BITS));
        c.add(new Case("RSV3 on a continuation", bytes(0x01, 0x01, 'a', 0x90, 0x01, 'b'), RESERVED_BITS));
        c.add(new Case("masked frame from the server", bytes(0x81, 0x81, 1, 2, 3, 4, 'a' ^ 1), MASKED_SERVER_FRAME));
        c.add(new Case("ping of 126 bytes", concat(bytes(0x89, 0x7E, 0x00, 0x7E), new byte[126]), CONTROL_FRAME_TOO_LONG));
        c.add(new Case("close announcing 64-bit length", bytes(0x88, 0x7F, 0, 0, 0, 0, 0, 0, 0, 2, 3, 0xE8), CONTROL_FRAME_TOO_LONG));
        c.add(new Case("fragmented ping", bytes(0x09, 0x00), FRAGMENTED_CONTROL_FRAME));
        c.add(new Case("fragmented close", bytes(0x08, 0x02, 0x03, 0xE8), FRAGMENTED_CONTROL_FRAME));
        c.add(new Case("continuation without a start", bytes(0x80, 0x01, 'a'), CONTINUATION_WITHOUT_START));
        c.add(new Case("text while a message is unfinished", bytes(0x01, 0x01, 'a', 0x81, 0x01, 'b'), MESSAGE_NOT_FINISHED));
        c.add(new Case("binary while a text is unfinished", bytes(0x01, 0x01, 'a', 0x82, 0x00), MESSAGE_NOT_FINISHED));
        c.add(new Case("frame longer than the maximum message size", bytes(0x82, 0x7E, 0x08, 0x00), MESSAGE_TOO_BIG));
        c.add(new Case("fragments adding up beyond the maximum", concat(bytes(0x02, 0x7E, 0x02, 0x58), new byte[600],
                bytes(0x80, 0x7E, 0x02, 0x58), new byte[600]), MESSAGE_TOO_BIG));
        c.add(new Case("64-bit length with the top bit set", bytes(0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1), LENGTH_TOO_LARGE));
        c.add(new Case("invalid UTF-8 in text", bytes(0x81, 0x02, 0xC3, 0x28), INVALID_UTF8_TEXT));
        c.add(new Case("UTF-16 surrogate in text", bytes(0x81, 0x03, 0xED, 0xA0, 0x80), INVALID_UTF8_TEXT));
        c.add(new Case("overlong UTF-8 in text", bytes(0x81, 0x02, 0xC0, 0xAF), INVALID_UTF8_TEXT));
        c.add(new Case("code point above U+10FFFF", bytes(0x81, 0x04, 0xF4, 0x90, 0x80, 0x80), INVALID_UTF8_TEXT));
        c.add(new Case("UTF-8 broken across fragments", bytes(0x01, 0x02, 0xE2, 0x82, 0x80, 0x01, 0x28), INVALID_UTF8_TEXT));
        c.add(new Case("text ends inside a character", bytes(0x81, 0x02, 0xE2, 0x82), INVALID_UTF8_TEXT));
        c.add(new Case("invalid UTF-8 in the close reason", bytes(0x88, 0x04, 0x03, 0xE8, 0xC3, 0x28), INVALID_UTF8_CLOSE_REASON));
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
            c.add(new Case("close code " + code, bytes(0x88, 0x02, code >> 8, code & 0xFF), INVALID_CLOSE_CODE));
        }
        c.add(new Case("close payload of one byte", bytes(0x88, 0x01, 0x03), CLOSE_PAYLOAD_ONE_BYTE));
        return c;
    }

    static List<Arguments> casesOverTransports() {
        List<Arguments> out = new ArrayList<>();
        for (String t : List.of("mem", "tcp")) {
            for (Case c : cases()) {
                out.add(Arguments.of(t, c));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("casesOverTransports")
    void malformedFrameFailsTheConnectionWithTheRightCloseCode(String transport, Case c) throws Exception {
        try (FaultBed bed = new FaultBed(transport, peer -> {
            peer.send(bytes(0x81, 0x02, 'o', 'k'));
            peer.send(c.bytes());
        })) {
            Recorder r = new Recorder();
            bed.client.connect(bed.uri, OPTIONS, r).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("ok", r.nextText(), "a good frame before the bad one is delivered");
            Recorder.Closed closed = r.awaitClosed();
            WebSocketProtocolException e = assertInstanceOf(WebSocketProtocolException.class, closed.cause());
            assertEquals(c.problem(), e.problem(), e.getMessage());
            assertEquals(c.problem().closeCode(), closed.code());
            FaultServer.Frame close = bed.server.nextClose();
            assertTrue(close.masked(), "the client masks its close frame");
            assertEquals(c.problem().closeCode(), close.closeCode(), "close code sent to the server");
            assertTrue(r.messages.isEmpty(), "nothing is delivered after the bad frame: " + r.messages);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mem", "tcp"})
    void aMalformedFrameClosesOnlyItsOwnConnection(String transport) throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FaultBed bed = new FaultBed(transport, peer -> {
            if (n.incrementAndGet() == 1) {
                peer.send(bytes(0x83, 0x00));
            } else {
                peer.send(bytes(0x81, 0x05, 'h', 'e', 'l', 'l', 'o'));
            }
        })) {
            Recorder bad = new Recorder();
            bed.client.connect(bed.uri, OPTIONS, bad).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(WsWire.CLOSE_PROTOCOL_ERROR, bad.awaitClosed().code());
            Recorder good = new Recorder();
            WebSocket ws = bed.client.connect(bed.uri, OPTIONS, good).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("hello", good.nextText());
            assertTrue(OnLoop.call(ws.loop(), ws::isOpen));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mem", "tcp"})
    void framesTrickledOneByteAtATimeArriveIntact(String transport) throws Exception {
        byte[] stream = concat(bytes(0x81, 0x05, 'h', 'e', 'l', 'l', 'o'), bytes(0x89, 0x02, 'p', '1'),
                bytes(0x02, 0x02, 1, 2), bytes(0x8A, 0x00), bytes(0x80, 0x01, 3), bytes(0x81, 0x02, 0xC3, 0xBC));
        try (FaultBed bed = new FaultBed(transport, peer -> peer.trickle(stream))) {
            Recorder r = new Recorder();
            bed.client.connect(bed.uri, OPTIONS, r).get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("hello", r.nextText());
            Recorder.Message binary = r.next();
            assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), List.of(binary.data()[0], binary.data()[1], binary.data()[2]));
            assertEquals("ü", r.nextText());
            FaultServer.Frame pong = bed.server.nextFrame();
            assertEquals(WsWire.OP_PONG, pong.opcode());
            assertEquals("p1", new String(pong.payload()));
        }
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
