package dev.strand.protocol.ws;

import java.nio.ByteBuffer;

/**
 * Receives what happens on one {@link WebSocket}. Every call runs on the WebSocket's loop and
 * must not block. Buffers passed in are valid only during the call: copy what must outlive it.
 *
 * <p>Messages arrive either whole ({@link #onText}, {@link #onBinary}), reassembled up to the
 * maximum message size, or, with {@link WebSocketOptions#deliverFragments()}, as a stream of
 * pieces ({@link #onFragment}) in which the first piece of a message says {@code first} and the
 * last says {@code last}. A listener that throws fails its own connection with 1011; no other
 * connection notices.
 */
public interface WebSocketListener {

    /** The handshake succeeded; messages may be sent from here on. */
    default void onOpen(WebSocket ws) {
    }

    /** A whole text message. */
    default void onText(WebSocket ws, String text) {
    }

    /** A whole binary message. */
    default void onBinary(WebSocket ws, ByteBuffer data) {
    }

    /**
     * A piece of a message, in fragment delivery mode. Text pieces are valid UTF-8 as a whole
     * message, but a piece may end inside a character.
     */
    default void onFragment(WebSocket ws, ByteBuffer data, boolean text, boolean first, boolean last) {
    }

    /** A ping arrived; the pong has already been sent. */
    default void onPing(WebSocket ws, ByteBuffer payload) {
    }

    /** A pong arrived (solicited or not). */
    default void onPong(WebSocket ws, ByteBuffer payload) {
    }

    /** The link can take bytes: the answer to one {@link WebSocket#requestWrite()}. */
    default void onWritable(WebSocket ws) {
    }

    /**
     * The connection ended. Called exactly once.
     *
     * @param code   the peer's close code after a close handshake (1005 if its close frame had none),
     *               the code this end failed the connection with, or 1006 when the link ended
     *               without a close handshake
     * @param reason the close reason, possibly empty
     * @param cause  {@code null} after a completed close handshake; otherwise why it ended (a
     *               {@link WebSocketProtocolException} when the peer broke the protocol)
     */
    void onClosed(WebSocket ws, int code, String reason, Throwable cause);
}
