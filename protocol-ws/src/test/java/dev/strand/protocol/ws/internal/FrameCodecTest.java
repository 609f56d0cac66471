package dev.strand.protocol.ws.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.protocol.ws.WebSocketProtocolException;
import dev.strand.protocol.ws.WsWire;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame parser and encoder on their own: any split of the input, both roles, masking. */
class FrameCodecTest {

    /** Collects what the parser finds: data frames joined per frame, control frames whole. */
    static final class Events implements FrameSink {
        final List<String> list = new ArrayList<>();
        private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        private String header;

        @Override
        public void onDataFrame(int opcode, boolean fin, long length) {
            header = WsWire.opcodeName(opcode) + (fin ? " fin" : "") + " " + length;
            frame.reset();
        }

        @Override
        public void onData(ByteBuffer piece, boolean frameDone) {
            byte[] b = new byte[piece.remaining()];
            piece.get(b);
            frame.writeBytes(b);
            if (frameDone) {
                list.add(header + ": " + digest(frame.toByteArray()));
            }
        }

        @Override
        public void onControl(int opcode, ByteBuffer payload) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            list.add(WsWire.opcodeName(opcode) + ": " + digest(b));
        }

        private static String digest(byte[] b) {
            return b.length <= 16 ? java.util.HexFormat.of().formatHex(b) : b.length + " bytes, hash " + java.util.Arrays.hashCode(b);
        }
    }

    private static byte[] serverStream() {
        FrameEncoder e = new FrameEncoder(Role.SERVER, new SecureRandom());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] big = new byte[300];
        new Random(1).nextBytes(big);
        // the encoder reuses its buffer: copy each frame out before encoding the next
        add(out, e.frame(WsWire.OP_TEXT, true, utf8("hello")));
        add(out, e.frame(WsWire.OP_BINARY, true, ByteBuffer.wrap(big)));
        add(out, e.frame(WsWire.OP_PING, true, utf8("p")));
        add(out, e.frame(WsWire.OP_TEXT, false, utf8("ab")));
        add(out, e.frame(WsWire.OP_PONG, true, ByteBuffer.allocate(0)));
        add(out, e.frame(WsWire.OP_CONTINUATION, true, utf8("cd")));
        add(out, e.frame(WsWire.OP_BINARY, true, ByteBuffer.allocate(0)));
        add(out, e.close(1000, "bye".getBytes(StandardCharsets.UTF_8)));
        // a 64-bit length field holding a small length: not minimal, still accepted
        out.writeBytes(new byte[] {(byte) 0x82, 0x7F, 0, 0, 0, 0, 0, 0, 0, 3, 7, 8, 9});
        return out.toByteArray();
    }

    private static void add(ByteArrayOutputStream out, ByteBuffer frame) {
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        out.writeBytes(b);
    }

    private static List<String> parse(Role role, long max, byte[]... pieces) throws WebSocketProtocolException {
        Events events = new Events();
        FrameParser p = new FrameParser(role, max, events);
        for (byte[] piece : pieces) {
            p.parse(ByteBuffer.wrap(piece));
        }
        assertTrue(p.atFrameBoundary());
        return events.list;
    }

    @Test
    void framesSplitAtEveryByteParseExactlyAsWhole() throws Exception {
        byte[] stream = serverStream();
        List<String> whole = parse(Role.CLIENT, 1 << 20, stream);
        assertEquals(List.of("text fin 5: 68656c6c6f", "binary fin 300: 300 bytes, hash " + java.util.Arrays.hashCode(bigOf300()),
                "ping: 70", "text 2: 6162", "pong: ", "continuation fin 2: 6364", "binary fin 0: ", "close: 03e8627965",
                "binary fin 3: 070809"), whole);
        for (int split = 1; split < stream.length; split++) {
            byte[] a = java.util.Arrays.copyOfRange(stream, 0, split);
            byte[] b = java.util.Arrays.copyOfRange(stream, split, stream.length);
            assertEquals(whole, parse(Role.CLIENT, 1 << 20, a, b), "split at " + split);
        }
        byte[][] bytes = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            bytes[i] = new byte[] {stream[i]};
        }
        assertEquals(whole, parse(Role.CLIENT, 1 << 20, bytes), "one byte at a time");
    }

    private static byte[] bigOf300() {
        byte[] big = new byte[300];
        new Random(1).nextBytes(big);
        return big;
    }

    @Test
    void serverRoleUnmasksWhatAClientMasked() throws Exception {
        FrameEncoder client = new FrameEncoder(Role.CLIENT, new SecureRandom());
        byte[] payload = new byte[70_001];
        new Random(3).nextBytes(payload);
        ByteBuffer frame = client.frame(WsWire.OP_BINARY, true, ByteBuffer.wrap(payload));
        byte[] wire = new byte[frame.remaining()];
        frame.get(wire);
        assertEquals(0x80 | WsWire.LENGTH_64, wire[1] & 0xFF, "masked, 64-bit length");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        FrameParser server = new FrameParser(Role.SERVER, 1 << 20, new FrameSink() {
            @Override
            public void onDataFrame(int opcode, boolean fin, long length) {
            }

            @Override
            public void onData(ByteBuffer piece, boolean frameDone) {
                byte[] b = new byte[piece.remaining()];
                piece.get(b);
                got.writeBytes(b);
            }

            @Override
            public void onControl(int opcode, ByteBuffer p) {
            }
        });
        for (int at = 0; at < wire.length; at += 997) {
            server.parse(ByteBuffer.wrap(wire, at, Math.min(997, wire.length - at)));
        }
        assertArrayEquals(payload, got.toByteArray());
    }

    @Test
    void serverRoleRefusesUnmaskedFramesAndClientRoleMaskedOnes() {
        WebSocketProtocolException unmasked = assertThrows(WebSocketProtocolException.class,
                () -> parse(Role.SERVER, 100, new byte[] {(byte) 0x81, 0x01, 'a'}));
        assertEquals(WebSocketProtocolException.Problem.UNMASKED_CLIENT_FRAME, unmasked.problem());
        WebSocketProtocolException masked = assertThrows(WebSocketProtocolException.class,
                () -> parse(Role.CLIENT, 100, new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a'}));
        assertEquals(WebSocketProtocolException.Problem.MASKED_SERVER_FRAME, masked.problem());
    }

    @Test
    void everyClientFrameGetsItsOwnMaskingKey() {
        FrameEncoder client = new FrameEncoder(Role.CLIENT, new SecureRandom());
        byte[] first = keyOf(client.frame(WsWire.OP_TEXT, true, utf8("same payload")));
        byte[] second = keyOf(client.frame(WsWire.OP_TEXT, true, utf8("same payload")));
        assertNotEquals(java.util.HexFormat.of().formatHex(first), java.util.HexFormat.of().formatHex(second));
    }

    private static byte[] keyOf(ByteBuffer frame) {
        assertTrue((frame.get(1) & 0x80) != 0);
        byte[] key = new byte[4];
        frame.get(2, key);
        return key;
    }

    @Test
    void maskingEightBytesAtATimeMatchesByteByByteForEveryLength() {
        Random random = new Random(5);
        for (int n = 0; n < 40; n++) {
            byte[] src = new byte[n];
            random.nextBytes(src);
            int key = random.nextInt();
            ByteBuffer dst = ByteBuffer.allocate(n);
            FrameEncoder.putMasked(dst, ByteBuffer.wrap(src), key);
            for (int i = 0; i < n; i++) {
                int k = (key >>> (24 - 8 * (i % 4))) & 0xFF;
                assertEquals((byte) (src[i] ^ k), dst.get(i), "byte " + i + " of " + n);
            }
        }
    }

    @Test
    void utf8ValidatorAcceptsTextSplitAnywhereAndRejectsBadSequences() {
        byte[] text = "aü€𝄞 grüße 世界".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= text.length; split++) {
            Utf8Validator v = new Utf8Validator();
            assertTrue(v.update(ByteBuffer.wrap(text, 0, split)));
            assertTrue(v.update(ByteBuffer.wrap(text, split, text.length - split)));
            assertTrue(v.isComplete(), "split at " + split);
        }
        for (int[] bad : new int[][] {{0xC3, 0x28}, {0xC0, 0xAF}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80},
                {0xFF}, {0x80}, {0xE0, 0x80, 0x80}, {0xF0, 0x80, 0x80, 0x80}}) {
            byte[] b = new byte[bad.length];
            for (int i = 0; i < bad.length; i++) {
                b[i] = (byte) bad[i];
            }
            assertFalse(Utf8Validator.isValid(ByteBuffer.wrap(b)), java.util.HexFormat.of().formatHex(b));
        }
        Utf8Validator truncated = new Utf8Validator();
        assertTrue(truncated.update(ByteBuffer.wrap(new byte[] {(byte) 0xE2, (byte) 0x82})));
        assertFalse(truncated.isComplete());
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
