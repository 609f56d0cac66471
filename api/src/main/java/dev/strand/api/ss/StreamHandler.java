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
