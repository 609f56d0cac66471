package dev.strand.api.ss;

import dev.strand.api.Loop;
import java.util.Optional;

/**
 * A secure stream: a handle that carries payload only and outlives any single connection.
 * Connections are made, retried and dropped behind it as the policy says; the handle's identity
 * never changes.
 *
 * <p><b>Threading.</b> A stream belongs to {@link #loop()}. Its handler's callbacks run there,
 * and its methods must be called there ({@link IllegalStateException} otherwise); other threads
 * use {@code stream.loop().execute(...)}.
 *
 * <p><b>Lifetime.</b> {@link #close()} destroys the stream; the handler sees
 * {@link StreamState#DISCONNECTED} (if it was connected) and then {@link StreamState#DESTROYING}.
 * A handler must not call {@code close()} on the stream whose callback is running; it returns
 * {@link StreamResult#DESTROY_ME} instead.
 */
public interface SecureStream extends AutoCloseable {

    /** The streamtype this stream was created with. */
    String streamType();

    /** The loop the stream belongs to. */
    Loop loop();

    /** The most recent state delivered to the handler. */
    StreamState state();

    /**
     * Asks for an {@link StreamHandler#onTx} call. If the stream has no connection it connects
     * first: {@link StreamState#POLL}, then {@link StreamState#CONNECTING} (how opportunistic
     * streams connect on demand).
     */
    void requestTx();

    /**
     * Like {@link #requestTx()}, but first records the total length of the payload about to be
     * sent: h1 and h2 send it as {@code content-length}.
     */
    void requestTx(long totalLength);

    /** Starts connecting explicitly (and resets the retry count). */
    void connect();

    /**
     * Sets metadata {@code name} (declared in the streamtype's policy) to a copy of {@code value}.
     * For HTTP it becomes the request header the policy maps it to.
     */
    void setMetadata(String name, byte[] value);

    /** Sets metadata {@code name} to the UTF-8 bytes of {@code value}. */
    default void setMetadata(String name, String value) {
        setMetadata(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The current value of metadata {@code name}: what the application set, or what the
     * protocol took from the peer (an HTTP response header), whichever came last. Values from the
     * peer are in place before the {@link StreamHandler#onRx} they belong to.
     */
    Optional<byte[]> metadata(String name);

    /**
     * Arms (or re-arms) the stream timer: after {@code millis} ms the handler gets
     * {@link StreamState#TIMEOUT}. 0 means the policy's {@code timeout_ms}.
     */
    void startTimeout(int millis);

    /** Disarms the stream timer. */
    void cancelTimeout();

    /** Grants the remote peer {@code delta} more bytes of credit (h2 manual flow control). */
    void addPeerTxCredit(int delta);

    /** The current estimate of the remote peer's tx credit. */
    int estimatedPeerTxCredit();

    /** The streamtype the current rx or tx chunk belongs to, when rideshares are in use. */
    String rideshare();

    /** Destroys the stream. Idempotent; see the class comment for what the handler sees. */
    @Override
    void close();
}
