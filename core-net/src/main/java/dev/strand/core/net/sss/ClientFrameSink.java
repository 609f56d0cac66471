package dev.strand.core.net.sss;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a {@link ClientFrameDecoder} finds in the bytes a proxy sends: one call per frame (payloads
 * in pieces). Any method may throw {@link SssProtocolException} to refuse a frame the link's state
 * does not allow; the decoder then stops. Called on the link's loop.
 */
public interface ClientFrameSink {

    /**
     * A frame of {@code type} with body length {@code rem} starts; called before any other call
     * for that frame, so that a terminal can refuse a frame its state does not allow.
     */
    default void onFrameStart(SssFrameType type, int rem) throws SssProtocolException {
    }

    /**
     * CREATE_RESULT. {@code rideshares} lists the entries of the rideshare list in order (the
     * stream's own streamtype first, as lws proxies send it); empty on refusal.
     */
    void onCreateResult(boolean created, long clientBufLen, List<String> rideshares) throws SssProtocolException;

    /** CONNSTATE: {@code state} is the raw unsigned value (1, 2 or 4 bytes wide on the wire). */
    void onConnState(long state, long ordinal) throws SssProtocolException;

    /**
     * An RX_PAYLOAD frame starts: its flags (the RIDESHARE bit included), the latency field, the
     * proxy's monotonic µs, the rideshare name or {@code null}, and its payload length. The pieces
     * follow.
     */
    void onRxPayloadStart(int flags, int latency, long micros, String rideshare, int length) throws SssProtocolException;

    /**
     * One piece (at most {@link SssWire#PIECE_SIZE} bytes, exactly one zero-length piece for an
     * empty payload) with its split flags. {@code piece} is valid only during the call.
     */
    void onRxPayloadPiece(ByteBuffer piece, int flags) throws SssProtocolException;

    /** RX_METADATA: a value the onward protocol took from the peer. */
    void onRxMetadata(String name, byte[] value) throws SssProtocolException;

    /** RX_CREDIT (or TX_CREDIT, which lws clients also take from a proxy). */
    void onRxCredit(int delta) throws SssProtocolException;

    /** PERF: JSON, possibly truncated by an lws proxy; valid only during the call. */
    void onPerf(ByteBuffer json) throws SssProtocolException;
}
