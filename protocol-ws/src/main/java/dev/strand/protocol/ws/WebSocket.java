package dev.strand.protocol.ws;

import dev.strand.api.Loop;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One open WebSocket connection (RFC 6455), after a successful opening handshake.
 *
 * <p><b>Threading.</b> A WebSocket belongs to {@link #loop()}: its methods are called there
 * (other threads hand work over with {@code loop().execute}), and its listener's callbacks run
 * there.
 *
 * <p><b>Sending.</b> Whole messages are split into frames of the configured fragment size;
 * {@link #sendFragment} lets the caller fragment a message itself (first and last fragment
 * flags, checked: a first fragment while a message is unfinished, or a continuation without a
 * first, is refused with an {@link IllegalStateException}). Text must be UTF-8. Every send
 * returns whether the link can take more at once; a sender that respects backpressure stops on
 * {@code false}, calls {@link #requestWrite()} and continues from
 * {@link WebSocketListener#onWritable}. Payload buffers stay the caller's.
 *
 * <p><b>Closing.</b> {@link #close(int, String)} starts the close handshake; the peer's close
 * frame (or the close timeout) ends it and the link closes. {@link WebSocketListener#onClosed}
 * is called exactly once, whatever way the connection ends.
 */
public interface WebSocket {

    /** The loop this WebSocket belongs to. */
    Loop loop();

    /** Who is at the other end, for log lines. */
    String peer();

    /** The subprotocol the server selected, if it selected one. */
    Optional<String> subprotocol();

    /** Whether data may still be sent: no close frame sent or received yet. */
    boolean isOpen();

    /** Sends a whole text message. */
    boolean sendText(CharSequence text);

    /** Sends a whole binary message of {@code data}'s remaining bytes; advances its position. */
    boolean sendBinary(ByteBuffer data);

    /**
     * Sends one fragment of a message the caller fragments: {@code first} starts a text or binary
     * message (by {@code text}), {@code last} ends it; a fragment that is both is a whole message.
     * A fragment longer than the fragment size goes out as several frames.
     *
     * @throws IllegalStateException    for a first fragment while a message is unfinished, or a
     *                                  later fragment with none started
     * @throws IllegalArgumentException if a text message's bytes are not UTF-8
     */
    boolean sendFragment(ByteBuffer data, boolean text, boolean first, boolean last);

    /** Sends a ping carrying {@code payload} (at most 125 bytes); the pong arrives at {@link WebSocketListener#onPong}. */
    void ping(ByteBuffer payload);

    /**
     * Sends a ping with a fresh payload and completes with the round trip time when its pong
     * arrives; fails with {@link WebSocketClosedException} if the connection ends first.
     */
    CompletableFuture<Duration> roundTrip();

    /** Whether a send now would stay within the link's high-water mark. */
    boolean isWritable();

    /** Asks for one {@link WebSocketListener#onWritable} call as soon as the link can take bytes. */
    void requestWrite();

    /** Pauses ({@code false}) or resumes ({@code true}) reading: inbound flow control. */
    void setReading(boolean on);

    /**
     * Starts the close handshake with {@code code} and {@code reason} (UTF-8, at most 123 bytes).
     * Does nothing if a close frame was already sent or received.
     *
     * @throws IllegalArgumentException for a code that may not be sent (see {@link WsWire#isSendableCloseCode})
     *                                  or a reason that is too long
     */
    void close(int code, String reason);

    /** {@code close(1000, "")}. */
    default void close() {
        close(WsWire.CLOSE_NORMAL, "");
    }

    /** Closes the link at once, without a close handshake; the listener sees code 1006. */
    void abort();
}
