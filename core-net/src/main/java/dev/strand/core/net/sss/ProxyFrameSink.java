package dev.strand.core.net.sss;

import java.nio.ByteBuffer;

/**
 * What a {@link ProxyFrameDecoder} finds in the bytes a client sends: one call per frame (payloads
 * in pieces). Any method may throw {@link SssProtocolException} to refuse a frame the link's state
 * does not allow; the decoder then stops. Called on the link's loop.
 */
public interface ProxyFrameSink {

    /**
     * A frame of {@code type} with body length {@code rem} starts; called before any other call
     * for that frame, so that a terminal can refuse a frame its state does not allow.
     */
    default void onFrameStart(SssFrameType type, int rem) throws SssProtocolException {
    }

    /** STREAMTYPE (version already checked to be 1): the client's pid, initial peer tx credit and streamtype. */
    void onStreamType(long clientPid, int initialTxCredit, String streamType) throws SssProtocolException;

    /** ONWARD_CONNECT. */
    void onOnwardConnect() throws SssProtocolException;

    /** DESTROYING: the client asks the proxy to close the link. */
    void onDestroying() throws SssProtocolException;

    /**
     * A TX_PAYLOAD frame starts: its flags (the RIDESHARE bit included), the client's hold time in
     * µs, its monotonic µs, the rideshare name or {@code null}, and its payload length.
     */
    void onTxPayloadStart(int flags, int holdMicros, long micros, String rideshare, int length) throws SssProtocolException;

    /**
     * One piece (at most {@link SssWire#PIECE_SIZE} bytes, exactly one zero-length piece for an
     * empty payload) with its split flags. {@code piece} is valid only during the call.
     */
    void onTxPayloadPiece(ByteBuffer piece, int flags) throws SssProtocolException;

    /** TX_METADATA. */
    void onTxMetadata(String name, byte[] value) throws SssProtocolException;

    /** TX_CREDIT: the client grants the remote peer {@code delta} more bytes. */
    void onTxCredit(int delta) throws SssProtocolException;

    /** TIMEOUT_UPDATE: {@link SssWire#TIMEOUT_FROM_POLICY}, {@link SssWire#TIMEOUT_CANCEL} or ms (unsigned 32-bit). */
    void onTimeoutUpdate(long millis) throws SssProtocolException;

    /** PAYLOAD_LENGTH_HINT (unsigned 32-bit). */
    void onPayloadLengthHint(long length) throws SssProtocolException;
}
