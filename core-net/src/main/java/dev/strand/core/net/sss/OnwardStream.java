package dev.strand.core.net.sss;

import java.nio.ByteBuffer;

/**
 * The onward side of one proxied stream, as the SSS terminal drives it: what the client's frames
 * ask for. Implemented by the policy side (an in-process secure stream); every method is called on
 * the link's loop.
 */
public interface OnwardStream {

    /** ONWARD_CONNECT: start the onward connection if there is none; ignore it while one is being made or up. */
    void connect();

    /**
     * One piece of client payload: at most {@link SssWire#PIECE_SIZE} bytes, with the flags split
     * as {@link SssWire#pieceFlags} says (SOM and POLL on a frame's first piece, EOM and
     * RELATED_END on its last). {@code piece} is valid only during the call; take (copy or send)
     * all of it.
     *
     * @return whether more may come now; {@code false} makes the terminal stop reading the client
     *         link until {@link OnwardListener#onWritableAgain()}
     */
    boolean write(ByteBuffer piece, int flags);

    /**
     * Sets metadata {@code name}.
     *
     * @return {@code false} if the streamtype's policy does not declare {@code name}: the terminal
     *         then hangs up on the client, as lws does. A name that is declared but cannot be
     *         bound is skipped and answers {@code true}.
     */
    boolean setMetadata(String name, byte[] value);

    /** Starts (or restarts) the stream timeout: {@code millis} ms, or the policy's timeout for 0. */
    void startTimeout(long millis);

    /** Cancels the stream timeout. */
    void cancelTimeout();

    /** The total length of the payload the client is about to send (h1/h2: content-length). */
    void lengthHint(long length);

    /** The client grants the remote peer {@code delta} more bytes (meaningful for h2). */
    void addPeerTxCredit(int delta);

    /** P→C flow control: stop ({@code false}) or resume ({@code true}) reading from the onward connection. */
    void setReading(boolean on);

    /** The client link is gone: destroy the stream and its connection. Called once. */
    void close();
}
