package dev.strand.api.protocol;

/**
 * What a {@link ProtocolSession} tells the connection engine. Implemented by the engine; called
 * by the session on the session's loop. These hooks are the whole protocol-to-engine contract.
 */
public interface SessionListener {

    /** The session can take exchanges now ({@link ProtocolSession#isReady()} turned true). */
    void onReady(ProtocolSession session);

    /** {@link ProtocolSession#availableCapacity()} may have changed (a stream ended, SETTINGS arrived). */
    void onCapacityChanged(ProtocolSession session);

    /**
     * {@code exchange} moved on: its request was sent, its response started or more of it arrived.
     * Sessions report each step so that the engine can run per-exchange deadlines (response,
     * body idle) without knowing the protocol. The default ignores it.
     */
    default void onExchangeProgress(ProtocolSession session, Exchange exchange, ExchangeProgress progress) {
    }

    /** {@code exchange} finished; it is no longer bound to the session. */
    void onExchangeCompleted(ProtocolSession session, Exchange exchange);

    /**
     * {@code exchange} failed on this session; it is no longer bound. {@code replay} says whether
     * the engine may run it again elsewhere.
     */
    void onExchangeFailed(ProtocolSession session, Exchange exchange, Throwable cause, ReplayClass replay);

    /** The session will take no new exchanges; bound ones may still finish. */
    void onDraining(ProtocolSession session);

    /** The session and its link are closed; {@code cause} is {@code null} after an orderly close. */
    void onClosed(ProtocolSession session, Throwable cause);
}
