package dev.strand.protocol.h2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Every frame the server sends, checked and dispatched: what each frame type may carry on which
 * stream (RFC 9113 §6), with a connection or stream error for what it may not. Header blocks go
 * to {@link ResponseHeaders}, SETTINGS to {@link PeerSettings}, window arithmetic to
 * {@link FlowWindows}; what ends streams or the connection is the session's. A stream error thrown
 * here resets only its stream. Confined to the session's loop.
 */
final class InboundFrames implements FrameReader.FrameSink {

    private final H2Session session;
    private final StreamTable streams;
    private final FlowWindows windows;
    private final PeerSettings peer;
    private final ResponseHeaders headers;
    private final PingCheck ping;
    private final FrameWriter writer;

    InboundFrames(H2Session session, StreamTable streams, FlowWindows windows, PeerSettings peer,
                  ResponseHeaders headers, PingCheck ping, FrameWriter writer) {
        this.session = session;
        this.streams = streams;
        this.windows = windows;
        this.peer = peer;
        this.headers = headers;
        this.ping = ping;
        this.writer = writer;
    }

    @Override
    public void onFrame(int type, int flags, int streamId, ByteBuffer payload) throws Http2Error {
        int blockStream = headers.blockInProgress();
        if (blockStream != 0 && (type != H2Wire.CONTINUATION || streamId != blockStream)) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, H2Wire.frameName(type) + " on stream " + streamId
                    + " interrupts the header block of stream " + blockStream);
        }
        if (!session.sawPeerSettings() && type != H2Wire.SETTINGS) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "the server's preface must start with SETTINGS, not "
                    + H2Wire.frameName(type));
        }
        try {
            switch (type) {
                case H2Wire.DATA -> onData(flags, streamId, payload);
                case H2Wire.HEADERS -> onHeaders(flags, streamId, payload);
                case H2Wire.CONTINUATION -> headers.onContinuation(flags, streamId, payload);
                case H2Wire.PRIORITY -> onPriority(streamId, payload);
                case H2Wire.RST_STREAM -> onRstStream(streamId, payload);
                case H2Wire.SETTINGS -> onSettings(flags, streamId, payload);
                case H2Wire.PUSH_PROMISE -> throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR,
                        "PUSH_PROMISE on stream " + streamId + " although SETTINGS_ENABLE_PUSH is 0");
                case H2Wire.PING -> onPing(flags, streamId, payload);
                case H2Wire.GOAWAY -> onGoAway(streamId, payload);
                case H2Wire.WINDOW_UPDATE -> onWindowUpdate(streamId, payload);
                default -> {
                    // extension frames are ignored (RFC 9113 §5.5)
                }
            }
        } catch (Http2Error e) {
            if (e.isConnectionError()) {
                throw e;
            }
            session.streamError(e);
        }
    }

    private void onData(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
        }
        int length = payload.remaining();
        windows.connectionReceived(length);
        ByteBuffer data = unpad(flags, payload, "DATA", streamId);
        H2Stream s = streams.existing(streamId, "DATA");
        if (s == null) {
            return;
        }
        windows.streamReceived(s, length);
        if (!s.headDelivered) {
            throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "DATA before the response headers on stream "
                    + streamId);
        }
        s.received += data.remaining();
        if (s.declaredLength >= 0 && s.received > s.declaredLength) {
            throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "stream " + streamId + " carries more than its content-length "
                    + s.declaredLength);
        }
        boolean end = (flags & H2Wire.FLAG_END_STREAM) != 0;
        if (data.hasRemaining()) {
            s.exchange.receiveBody(data);
            if (!streams.isOpen(s)) {
                return;
            }
            session.responseData(s);
        }
        if (end) {
            session.endOfResponse(s);
            return;
        }
        windows.streamConsumed(s, length);
    }

    private void onHeaders(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "HEADERS on stream 0");
        }
        if ((streamId & 1) == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "HEADERS on server-initiated stream " + streamId
                    + " (push is disabled)");
        }
        ByteBuffer fragment = unpad(flags, payload, "HEADERS", streamId);
        if ((flags & H2Wire.FLAG_PRIORITY) != 0) {
            if (fragment.remaining() < H2Wire.PRIORITY_LENGTH) {
                throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "HEADERS with PRIORITY on stream " + streamId
                        + " is too short for its priority fields");
            }
            fragment.position(fragment.position() + H2Wire.PRIORITY_LENGTH);
        }
        headers.onHeaders(flags, streamId, fragment);
    }

    private void onPriority(int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "PRIORITY on stream 0");
        }
        if (payload.remaining() != H2Wire.PRIORITY_LENGTH) {
            throw Http2Error.stream(streamId, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of " + payload.remaining()
                    + " bytes on stream " + streamId);
        }
    }

    private void onRstStream(int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on stream 0");
        }
        if (payload.remaining() != H2Wire.RST_STREAM_LENGTH) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "RST_STREAM of " + payload.remaining() + " bytes");
        }
        long code = payload.getInt(payload.position()) & 0xffff_ffffL;
        H2Stream s = streams.existing(streamId, "RST_STREAM");
        if (s != null) {
            session.resetByPeer(s, code);
        }
    }

    private void onSettings(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId != 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS on stream " + streamId);
        }
        if ((flags & H2Wire.FLAG_ACK) != 0) {
            if (payload.hasRemaining()) {
                throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload of "
                        + payload.remaining() + " bytes");
            }
            return;
        }
        if (payload.remaining() % H2Wire.SETTING_LENGTH != 0) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS of " + payload.remaining()
                    + " bytes is not a whole number of settings");
        }
        int before = session.availableCapacity();
        boolean windowsGrew = peer.apply(payload);
        writer.settingsAck();
        session.settingsApplied(before, windowsGrew);
    }

    private void onPing(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId != 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "PING on stream " + streamId);
        }
        if (payload.remaining() != H2Wire.PING_LENGTH) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "PING of " + payload.remaining() + " bytes");
        }
        long opaque = payload.getLong(payload.position());
        if ((flags & H2Wire.FLAG_ACK) == 0) {
            writer.ping(true, opaque);
        } else {
            ping.acknowledged(opaque);
        }
    }

    private void onGoAway(int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId != 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "GOAWAY on stream " + streamId);
        }
        if (payload.remaining() < H2Wire.GOAWAY_MIN_LENGTH) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY of " + payload.remaining() + " bytes");
        }
        int last = payload.getInt() & H2Wire.STREAM_ID_MASK;
        long code = payload.getInt() & 0xffff_ffffL;
        String debug = StandardCharsets.UTF_8.decode(payload).toString();
        session.goAwayReceived(last, code, debug);
    }

    private void onWindowUpdate(int streamId, ByteBuffer payload) throws Http2Error {
        if (payload.remaining() != H2Wire.WINDOW_UPDATE_LENGTH) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "WINDOW_UPDATE of " + payload.remaining() + " bytes");
        }
        int increment = payload.getInt(payload.position()) & H2Wire.STREAM_ID_MASK;
        if (streamId == 0) {
            windows.connectionGrew(increment);
        } else {
            H2Stream s = streams.existing(streamId, "WINDOW_UPDATE");
            if (s == null) {
                return;
            }
            windows.streamGrew(s, increment);
        }
        session.windowsGrew();
    }

    private static ByteBuffer unpad(int flags, ByteBuffer payload, String frame, int streamId) throws Http2Error {
        if ((flags & H2Wire.FLAG_PADDED) == 0) {
            return payload;
        }
        if (!payload.hasRemaining()) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "padded " + frame + " on stream " + streamId
                    + " has no pad length");
        }
        int pad = payload.get() & 0xff;
        if (pad > payload.remaining()) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, frame + " on stream " + streamId + " has " + pad
                    + " bytes of padding but only " + payload.remaining() + " bytes");
        }
        payload.limit(payload.limit() - pad);
        return payload;
    }
}
