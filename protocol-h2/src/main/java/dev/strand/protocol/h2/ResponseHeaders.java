package dev.strand.protocol.h2;

import dev.strand.http.ResponseHead;
import java.nio.ByteBuffer;

/**
 * Header blocks from the server: gathers HEADERS and its CONTINUATIONs into one block (no other
 * frame may come between them, RFC 9113 §6.10), decodes it, and hands the stream its response
 * head, or its trailers, after checking what RFC 9113 §8.1 asks of them. Interim (1xx) responses
 * are skipped. Confined to the session's loop.
 */
final class ResponseHeaders {

    private final H2Session session;
    private final StreamTable streams;
    private final Hpack hpack;
    private final int blockLimit;
    private int blockStream;
    private boolean blockEndsStream;
    private ByteBuffer block;

    ResponseHeaders(H2Session session, StreamTable streams, Hpack hpack, H2Settings local) {
        this.session = session;
        this.streams = streams;
        this.hpack = hpack;
        this.blockLimit = 2 * local.maxHeaderListSize() + 4096;
    }

    /** The stream whose header block is being gathered, or 0. */
    int blockInProgress() {
        return blockStream;
    }

    /** A HEADERS frame, padding and priority fields already removed from {@code fragment}. */
    void onHeaders(int flags, int streamId, ByteBuffer fragment) throws Http2Error {
        boolean endStream = (flags & H2Wire.FLAG_END_STREAM) != 0;
        if ((flags & H2Wire.FLAG_END_HEADERS) != 0) {
            headerBlock(streamId, fragment, endStream);
            return;
        }
        blockStream = streamId;
        blockEndsStream = endStream;
        block = ByteBuffer.allocate(Math.max(1024, fragment.remaining() * 2));
        append(fragment);
    }

    void onContinuation(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (blockStream == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION on stream " + streamId
                    + " without a header block in progress");
        }
        append(payload);
        if ((flags & H2Wire.FLAG_END_HEADERS) != 0) {
            ByteBuffer whole = block.flip();
            int id = blockStream;
            blockStream = 0;
            block = null;
            headerBlock(id, whole, blockEndsStream);
        }
    }

    private void append(ByteBuffer fragment) throws Http2Error {
        if (block.position() + fragment.remaining() > blockLimit) {
            throw Http2Error.connection(ErrorCode.ENHANCE_YOUR_CALM, "header block on stream " + blockStream
                    + " grows beyond " + blockLimit + " bytes");
        }
        if (block.remaining() < fragment.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(block.capacity() * 2, block.position() + fragment.remaining()));
            block.flip();
            bigger.put(block);
            block = bigger;
        }
        block.put(fragment);
    }

    private void headerBlock(int streamId, ByteBuffer whole, boolean endStream) throws Http2Error {
        Hpack.Decoded h;
        try {
            h = hpack.decode(streamId, whole);
        } catch (Hpack.HpackException e) {
            if (!e.streamOnly) {
                throw Http2Error.connection(e.code, e.getMessage());
            }
            if (streams.existing(streamId, "HEADERS") != null) {
                throw Http2Error.stream(streamId, e.code, e.getMessage());
            }
            return;
        }
        H2Stream s = streams.existing(streamId, "HEADERS");
        if (s == null) {
            return;
        }
        if (s.headDelivered) {
            trailers(s, h, endStream);
            return;
        }
        if (h.hasRequestPseudoHeaders() || h.status() < 100) {
            throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "response on stream " + streamId
                    + (h.status() < 0 ? " has no :status" : h.status() == 0 ? " has a malformed :status"
                    : " carries request pseudo-header fields"));
        }
        if (h.status() < 200) {
            if (h.status() == 101 || endStream) {
                throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "interim response " + h.status()
                        + " on stream " + streamId + (endStream ? " ends the stream" : " (101 is not allowed in HTTP/2)"));
            }
            return;
        }
        String cl = h.fields().first("content-length").orElse(null);
        if (cl != null) {
            try {
                s.declaredLength = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "malformed content-length '" + cl
                        + "' on stream " + streamId);
            }
        }
        s.headDelivered = true;
        s.status = h.status();
        s.exchange.receiveHead(new ResponseHead("HTTP/2", h.status(), "", h.fields()));
        if (!streams.isOpen(s)) {
            return;
        }
        session.responseStarted(s);
        if (endStream && streams.isOpen(s)) {
            session.endOfResponse(s);
        }
    }

    private void trailers(H2Stream s, Hpack.Decoded h, boolean endStream) throws Http2Error {
        if (!endStream) {
            throw Http2Error.stream(s.id, ErrorCode.PROTOCOL_ERROR, "trailers on stream " + s.id + " do not end it");
        }
        if (h.status() >= 0 || h.hasRequestPseudoHeaders()) {
            throw Http2Error.stream(s.id, ErrorCode.PROTOCOL_ERROR, "pseudo-header fields in the trailers of stream "
                    + s.id);
        }
        s.exchange.receiveTrailers(h.fields());
        if (streams.isOpen(s)) {
            session.endOfResponse(s);
        }
    }
}
