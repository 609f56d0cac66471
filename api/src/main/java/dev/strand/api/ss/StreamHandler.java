package dev.strand.api.ss;

import java.nio.ByteBuffer;

/**
 * The application's side of a secure stream. Every method runs on the stream's loop, one at a
 * time, and should return quickly: nothing else on that loop runs meanwhile. Each method has a
 * default, so a handler implements only what it uses.
 */
public interface StreamHandler {

    /**
     * Payload arrived. {@code data} is valid only during the call. {@code flags} is a set of
     * {@link PayloadFlags}: {@code SOM} on the first chunk of a message, {@code EOM} on the last
     * (a zero-length chunk carrying only {@code EOM} ends an HTTP body). Raw streams set neither.
     *
     * @return {@link StreamResult#OK} to continue; anything else drops the connection
     *         ({@link StreamResult#DESTROY_ME} also destroys the stream)
     */
    default StreamResult onRx(SecureStream stream, ByteBuffer data, int flags) {
        return StreamResult.OK;
    }

    /**
     * The stream may send. Write up to {@code chunk.buffer().remaining()} bytes into
     * {@code chunk.buffer()} and set {@code chunk.flags(...)}. {@code ordinal} increases with
     * each call.
     *
     * @return {@link StreamResult#OK} to send what was written, {@link StreamResult#TX_DONT_SEND}
     *         to send nothing this time, {@link StreamResult#DISCONNECT_ME} or
     *         {@link StreamResult#DESTROY_ME}
     */
    default StreamResult onTx(SecureStream stream, int ordinal, TxChunk chunk) {
        return StreamResult.TX_DONT_SEND;
    }

    /**
     * A chunk the application handed over in {@link #onTx} (the call numbered {@code ordinal},
     * {@code length} payload bytes) was not delivered: the link to the proxy went down while some
     * of its bytes had not yet left this process. Called once per such chunk, oldest first, before
     * the {@link StreamState#DISCONNECTED} of that link loss (or before the stream reconnects, if it
     * was not connected). The application may send the chunk again once the stream is
     * {@link StreamState#CONNECTED} anew.
     *
     * <p>What it guarantees: a chunk reported here did not reach the proxy whole, so the proxy's
     * application (the onward connection) never received all of it. A first part of it may have
     * reached the proxy before the link went down, and a proxy that passes payload on as it
     * arrives (Strand's and lws's do) may have passed that part on. What it cannot know: bytes
     * that had left this process (into the kernel's buffers of a serial device or socket, or onto
     * a line that was then cut) are lost without a report, and nothing is reported when the
     * transport does not say how much it lost (see
     * {@link dev.strand.api.transport.LinkLostException}). So a chunk that is not reported may
     * still have been lost; a chunk that is reported was not delivered.
     */
    default void onTxUndelivered(SecureStream stream, int ordinal, int length) {
    }

    /**
     * The stream entered {@code state}. {@code ack} carries the state's argument: the proxy's
     * ordinal for proxied states, 1 for an UNREACHABLE caused by DNS, the milliseconds spent
     * trying for {@link StreamState#UPSTREAM_LINK_RETRY}.
     *
     * @return {@link StreamResult#OK}, {@link StreamResult#DISCONNECT_ME} or
     *         {@link StreamResult#DESTROY_ME} (from {@link StreamState#CREATING}, it makes
     *         creation fail)
     */
    default StreamResult onState(SecureStream stream, StreamState state, long ack) {
        return StreamResult.OK;
    }
}
