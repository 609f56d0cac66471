package dev.strand.protocol.h2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds outgoing HTTP/2 frames in one growing buffer, so that everything one turn of the loop
 * produces goes to the link in a single write ({@link #drainTo}). Splits header blocks into
 * HEADERS and CONTINUATION frames at the peer's maximum frame size. Not thread-safe.
 */
final class FrameWriter {

    private ByteBuffer out = ByteBuffer.allocate(8 * 1024);

    boolean isEmpty() {
        return out.position() == 0;
    }

    /** Bytes waiting to be written. */
    int pending() {
        return out.position();
    }

    /** Hands everything built so far to {@code sink} (which copies it) and starts again. */
    void drainTo(java.util.function.Consumer<ByteBuffer> sink) {
        if (out.position() == 0) {
            return;
        }
        out.flip();
        sink.accept(out);
        out.clear();
    }

    void preface() {
        ensure(H2Wire.PREFACE.length);
        out.put(H2Wire.PREFACE);
    }

    /** A SETTINGS frame with {@code idsAndValues} as pairs. */
    void settings(int... idsAndValues) {
        int n = idsAndValues.length / 2;
        header(n * H2Wire.SETTING_LENGTH, H2Wire.SETTINGS, 0, 0);
        for (int i = 0; i < n; i++) {
            out.putShort((short) idsAndValues[2 * i]).putInt(idsAndValues[2 * i + 1]);
        }
    }

    void settingsAck() {
        header(0, H2Wire.SETTINGS, H2Wire.FLAG_ACK, 0);
    }

    void ping(boolean ack, long opaque) {
        header(H2Wire.PING_LENGTH, H2Wire.PING, ack ? H2Wire.FLAG_ACK : 0, 0);
        out.putLong(opaque);
    }

    void goAway(int lastStreamId, ErrorCode code, String debug) {
        byte[] d = debug.getBytes(StandardCharsets.UTF_8);
        header(H2Wire.GOAWAY_MIN_LENGTH + d.length, H2Wire.GOAWAY, 0, 0);
        out.putInt(lastStreamId & H2Wire.STREAM_ID_MASK).putInt(code.code()).put(d);
    }

    void windowUpdate(int streamId, int increment) {
        header(H2Wire.WINDOW_UPDATE_LENGTH, H2Wire.WINDOW_UPDATE, 0, streamId);
        out.putInt(increment & H2Wire.STREAM_ID_MASK);
    }

    void rstStream(int streamId, ErrorCode code) {
        header(H2Wire.RST_STREAM_LENGTH, H2Wire.RST_STREAM, 0, streamId);
        out.putInt(code.code());
    }

    /** A header block as HEADERS plus as many CONTINUATION frames as {@code maxFrameSize} needs. */
    void headers(int streamId, ByteBuffer block, boolean endStream, int maxFrameSize) {
        int type = H2Wire.HEADERS;
        int flags = endStream ? H2Wire.FLAG_END_STREAM : 0;
        do {
            int n = Math.min(block.remaining(), maxFrameSize);
            boolean last = n == block.remaining();
            header(n, type, flags | (last ? H2Wire.FLAG_END_HEADERS : 0), streamId);
            putSome(block, n);
            type = H2Wire.CONTINUATION;
            flags = 0;
        } while (block.hasRemaining());
    }

    /** One DATA frame carrying the next {@code length} bytes of {@code data}. */
    void data(int streamId, ByteBuffer data, int length, boolean endStream) {
        header(length, H2Wire.DATA, endStream ? H2Wire.FLAG_END_STREAM : 0, streamId);
        putSome(data, length);
    }

    /** Any frame, as given: for test peers that must also send what a correct endpoint never would. */
    void raw(int type, int flags, int streamId, ByteBuffer payload) {
        header(payload.remaining(), type, flags, streamId);
        putSome(payload, payload.remaining());
    }

    private void header(int length, int type, int flags, int streamId) {
        ensure(H2Wire.FRAME_HEADER_LENGTH + length);
        H2Wire.writeFrameHeader(out, length, type, flags, streamId);
    }

    private void putSome(ByteBuffer from, int n) {
        int limit = from.limit();
        from.limit(from.position() + n);
        out.put(from);
        from.limit(limit);
    }

    private void ensure(int more) {
        if (out.remaining() < more) {
            int size = Math.max(out.capacity() * 2, out.position() + more);
            ByteBuffer bigger = ByteBuffer.allocate(size);
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }
}
