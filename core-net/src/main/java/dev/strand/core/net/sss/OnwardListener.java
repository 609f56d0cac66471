package dev.strand.core.net.sss;

import dev.strand.api.ss.StreamState;
import java.nio.ByteBuffer;

/**
 * What an onward stream tells the SSS terminal that serves its client. Implemented by the
 * terminal; called on the link's loop.
 */
public interface OnwardListener {

    /**
     * The onward stream entered {@code state}. The terminal forwards it as CONNSTATE, except
     * {@code EVENT_WAIT_CANCELLED}, states that never travel, and transitions the lws table does
     * not allow (an lws client would destroy its stream on them), which it drops with a warning.
     * {@code DESTROYING} means the onward stream is gone: the terminal writes what is queued and
     * closes the link.
     */
    void onState(StreamState state, long ordinal);

    /**
     * Payload from the onward connection, with its flags and the rideshare it belongs to
     * ({@code null} for the stream's own). {@code data} is consumed (its position ends at its
     * limit) and not kept.
     */
    void onRx(ByteBuffer data, int flags, String rideshare);

    /** Metadata the onward protocol took from the peer (a response header); sent ahead of queued frames. */
    void onRxMetadata(String name, byte[] value);

    /** The remote peer grants the client {@code delta} more bytes (h2 window updates): sent as RX_CREDIT. */
    void onPeerTxCredit(int delta);

    /** After {@link OnwardStream#write} returned {@code false}: the onward stream can take payload again. */
    void onWritableAgain();
}
