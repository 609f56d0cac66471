package dev.strand.protocol.ws.internal;

import dev.strand.protocol.ws.WebSocketProtocolException;
import java.nio.ByteBuffer;

/**
 * What the {@link FrameParser} finds, in order. Runs on the connection's loop; any method may
 * throw {@link WebSocketProtocolException} to fail the connection (bad UTF-8, a bad close frame).
 */
interface FrameSink {

    /**
     * The header of a text, binary or continuation frame. The parser has already checked its
     * place in the message sequence and the size limit.
     *
     * @param opcode {@code OP_TEXT} or {@code OP_BINARY} for a message's first frame, {@code OP_CONTINUATION} after
     * @param fin    whether this frame ends its message
     * @param length the payload length
     */
    void onDataFrame(int opcode, boolean fin, long length) throws WebSocketProtocolException;

    /**
     * A piece of the current data frame's payload, unmasked; valid only during this call. A frame
     * of length 0 gets one empty piece.
     *
     * @param frameDone whether this piece ends the frame
     */
    void onData(ByteBuffer piece, boolean frameDone) throws WebSocketProtocolException;

    /** A whole control frame (close, ping, pong), unmasked; {@code payload} is valid only during this call. */
    void onControl(int opcode, ByteBuffer payload) throws WebSocketProtocolException;
}
