package dev.strand.protocol.h2;

import java.nio.ByteBuffer;

/**
 * Cuts an incoming byte stream into HTTP/2 frames, whatever the pieces it arrives in: a frame
 * that lies whole in the buffer read is handed over in place (no copy); only a frame split
 * across reads is gathered in a buffer of its own. Checks each frame's length against the
 * largest frame this side accepts (FRAME_SIZE_ERROR, RFC 9113 §4.2) before reading its payload.
 * Not thread-safe; one per connection.
 */
final class FrameReader {

    /** Receives each complete frame; {@code payload} is valid only during the call. */
    interface FrameSink {
        void onFrame(int type, int flags, int streamId, ByteBuffer payload) throws Http2Error;
    }

    private int maxFrameSize;
    private ByteBuffer gather = ByteBuffer.allocate(H2Wire.FRAME_HEADER_LENGTH + H2Wire.DEFAULT_MAX_FRAME_SIZE);
    private boolean gathering;
    private int gatherLength = -1;
    private boolean stopped;

    FrameReader(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** Stops delivering frames, for good (the connection is closing). */
    void stop() {
        stopped = true;
    }

    /** Reads all of {@code data}, delivering every frame completed by it. */
    void read(ByteBuffer data, FrameSink sink) throws Http2Error {
        while (data.hasRemaining() && !stopped) {
            if (gathering) {
                if (!continueGathering(data, sink)) {
                    return;
                }
                continue;
            }
            if (data.remaining() < H2Wire.FRAME_HEADER_LENGTH) {
                startGathering(data);
                return;
            }
            int p = data.position();
            int length = length(data, p);
            checkLength(length, data.get(p + 3) & 0xff);
            if (data.remaining() < H2Wire.FRAME_HEADER_LENGTH + length) {
                startGathering(data);
                return;
            }
            int type = data.get(p + 3) & 0xff;
            int flags = data.get(p + 4) & 0xff;
            int streamId = data.getInt(p + 5) & H2Wire.STREAM_ID_MASK;
            int payloadStart = p + H2Wire.FRAME_HEADER_LENGTH;
            int limit = data.limit();
            data.position(payloadStart).limit(payloadStart + length);
            ByteBuffer payload = data.slice();
            data.limit(limit).position(payloadStart + length);
            sink.onFrame(type, flags, streamId, payload);
        }
    }

    private void startGathering(ByteBuffer data) {
        gathering = true;
        gatherLength = -1;
        gather.clear();
        if (gather.capacity() < data.remaining()) {
            gather = ByteBuffer.allocate(data.remaining());
        }
        gather.put(data);
    }

    /** Adds bytes to the frame being gathered; delivers it when complete. Returns whether it completed. */
    private boolean continueGathering(ByteBuffer data, FrameSink sink) throws Http2Error {
        if (gatherLength < 0) {
            int need = H2Wire.FRAME_HEADER_LENGTH - gather.position();
            move(data, need);
            if (gather.position() < H2Wire.FRAME_HEADER_LENGTH) {
                return false;
            }
            gatherLength = length(gather, 0);
            checkLength(gatherLength, gather.get(3) & 0xff);
            int total = H2Wire.FRAME_HEADER_LENGTH + gatherLength;
            if (gather.capacity() < total) {
                ByteBuffer bigger = ByteBuffer.allocate(total);
                gather.flip();
                bigger.put(gather);
                gather = bigger;
            }
        }
        int total = H2Wire.FRAME_HEADER_LENGTH + gatherLength;
        move(data, total - gather.position());
        if (gather.position() < total) {
            return false;
        }
        gathering = false;
        int type = gather.get(3) & 0xff;
        int flags = gather.get(4) & 0xff;
        int streamId = gather.getInt(5) & H2Wire.STREAM_ID_MASK;
        gather.flip().position(H2Wire.FRAME_HEADER_LENGTH);
        ByteBuffer payload = gather.slice();
        sink.onFrame(type, flags, streamId, payload);
        return true;
    }

    /** The largest frame this side accepts from now on (after our SETTINGS_MAX_FRAME_SIZE was acknowledged). */
    void maxFrameSize(int size) {
        this.maxFrameSize = size;
    }

    private void move(ByteBuffer from, int max) {
        int n = Math.min(max, from.remaining());
        if (n <= 0) {
            return;
        }
        int limit = from.limit();
        from.limit(from.position() + n);
        gather.put(from);
        from.limit(limit);
    }

    private void checkLength(int length, int type) throws Http2Error {
        if (length > maxFrameSize) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, H2Wire.frameName(type) + " frame of " + length
                    + " bytes exceeds SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
        }
    }

    private static int length(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) << 16 | (b.get(at + 1) & 0xff) << 8 | (b.get(at + 2) & 0xff);
    }
}
