package dev.strand.core.net.sss;

import dev.strand.api.ss.StreamState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Frames for tests to send, built with {@link SssEncoder} (which the captures check). */
final class Frames {

    private Frames() {
    }

    static byte[] createResult(String... names) {
        ByteBuffer b = ByteBuffer.allocate(256);
        SssEncoder.createResult(b, SssWire.CREATE_OK, 0, List.of(names));
        return bytes(b);
    }

    static byte[] refused() {
        ByteBuffer b = ByteBuffer.allocate(16);
        SssEncoder.createResult(b, SssWire.CREATE_FAILED, 0, List.of());
        return bytes(b);
    }

    static byte[] state(StreamState s) {
        return state(s.value() & 0xFFFF_FFFFL);
    }

    static byte[] state(long value) {
        ByteBuffer b = ByteBuffer.allocate(16);
        SssEncoder.connState(b, value, 0);
        return bytes(b);
    }

    static byte[] rx(byte[] payload, int flags) {
        ByteBuffer b = ByteBuffer.allocate(SssWire.PAYLOAD_HEADER_SIZE + payload.length);
        SssEncoder.payloadHeader(b, SssFrameType.RX_PAYLOAD, flags, 0, 1, null, payload.length);
        return bytes(b.put(payload));
    }

    static byte[] tx(byte[] payload, int flags) {
        ByteBuffer b = ByteBuffer.allocate(SssWire.PAYLOAD_HEADER_SIZE + payload.length);
        SssEncoder.payloadHeader(b, SssFrameType.TX_PAYLOAD, flags, 0, 1, null, payload.length);
        return bytes(b.put(payload));
    }

    static byte[] rxMetadata(String name, String value) {
        ByteBuffer b = ByteBuffer.allocate(2048);
        SssEncoder.metadata(b, SssFrameType.RX_METADATA, name, value.getBytes(StandardCharsets.ISO_8859_1));
        return bytes(b);
    }

    static byte[] txMetadata(String name, String value) {
        ByteBuffer b = ByteBuffer.allocate(2048);
        SssEncoder.metadata(b, SssFrameType.TX_METADATA, name, value.getBytes(StandardCharsets.ISO_8859_1));
        return bytes(b);
    }

    static byte[] streamType(String name) {
        ByteBuffer b = ByteBuffer.allocate(64);
        SssEncoder.streamType(b, 1234, SssWire.DEFAULT_INITIAL_TX_CREDIT, name);
        return bytes(b);
    }

    static byte[] onwardConnect() {
        ByteBuffer b = ByteBuffer.allocate(3);
        SssEncoder.onwardConnect(b);
        return bytes(b);
    }

    static byte[] timeout(long millis) {
        ByteBuffer b = ByteBuffer.allocate(7);
        SssEncoder.timeoutUpdate(b, millis);
        return bytes(b);
    }

    /** Bytes from {@code 0xNN} ints, for hand-made (often malformed) frames. */
    static byte[] of(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Concatenation. */
    static byte[] join(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static byte[] bytes(ByteBuffer b) {
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
