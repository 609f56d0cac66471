package dev.strand.core.net.engine;

/**
 * The owner of an exchange hears from the engine here: which connection carries it, and its one
 * terminal event. Called on the engine's loop. Exactly one of {@link #onCompleted()} and
 * {@link #onFailed(Throwable)} is called, once, whatever happens to connections in between.
 * An observer that throws is logged; no other exchange notices.
 */
public interface ExchangeObserver {

    /**
     * The exchange was bound to {@code connection}. Called again if the exchange is re-dispatched
     * to another connection after its first one died.
     */
    default void onBound(ConnectionInfo connection) {
    }

    /** The session reported the exchange complete. */
    void onCompleted();

    /**
     * The exchange failed: its connection died and it could not be replayed, a deadline
     * ({@link DeadlineExceededException}) expired, it was cancelled
     * ({@link java.util.concurrent.CancellationException}), or its key cannot be connected to.
     */
    void onFailed(Throwable cause);
}
