package dev.strand.api.protocol;

/**
 * One unit of work the connection engine binds to a session: an HTTP request and its response,
 * a WebSocket upgrade, a raw stream. Its identity never changes, whichever connection ends up
 * carrying it. Each protocol defines its own exchange type and refuses others in
 * {@link ProtocolSession#bind}.
 *
 * <p>An exchange belongs to the loop of the engine that owns it.
 */
public interface Exchange {

    /**
     * Whether running this exchange twice has the same effect as once (GET, HEAD, PUT, DELETE,
     * OPTIONS, or a body that can be replayed). Decides {@link ReplayClass#IF_IDEMPOTENT}.
     */
    boolean idempotent();

    /**
     * Whether the session may release this exchange's connection back to the pool after it
     * completes. A WebSocket upgrade answers {@code false}: the upgraded link leaves the pool.
     */
    default boolean returnsConnection() {
        return true;
    }
}
