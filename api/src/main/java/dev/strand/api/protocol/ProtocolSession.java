package dev.strand.api.protocol;

import dev.strand.api.transport.LinkHandler;

/**
 * One protocol session over one link (an HTTP/1.1 connection, an HTTP/2 connection, a raw TCP
 * byte stream), as the connection engine sees it: something that can carry a number of
 * exchanges at once.
 *
 * <p>Owned by the link's loop; every method is called there. The session is the link's
 * {@link LinkHandler}. It reports state changes to its {@link SessionListener} and never calls
 * back into the engine in any other way.
 */
public interface ProtocolSession extends LinkHandler {

    /** Whether the session can take exchanges yet (h1: at once; h2: after the peer's SETTINGS). */
    boolean isReady();

    /**
     * How many more exchanges may be bound now: for h1 0 or 1 (more with opt-in pipelining), for
     * h2 min(peer MAX_CONCURRENT_STREAMS, local cap) minus the active streams.
     */
    int availableCapacity();

    /**
     * False once no new exchange may ever be bound: {@code Connection: close}, HTTP/1.0, GOAWAY
     * sent or received, a protocol error, a response delimited by the end of the connection.
     */
    boolean acceptsNewExchanges();

    /**
     * Starts {@code exchange} on this session. Precondition: {@code isReady()},
     * {@code acceptsNewExchanges()} and {@code availableCapacity() > 0}. The exchange's outcome is
     * reported later through exactly one of {@link SessionListener#onExchangeCompleted} and
     * {@link SessionListener#onExchangeFailed}.
     *
     * @throws IllegalArgumentException if {@code exchange} is not of this protocol's kind
     */
    void bind(Exchange exchange);

    /**
     * Abandons one bound exchange, touching no other: h2 resets its stream; h1 closes the
     * connection unless the rest of the response can be read and discarded. No completion or
     * failure is reported for it afterwards.
     */
    void cancel(Exchange exchange);

    /** Number of exchanges bound and not yet completed or failed. */
    int activeExchanges();

    /**
     * Stops taking new exchanges, lets the bound ones finish, then closes (h2: GOAWAY; h1: close
     * when idle). Reports {@link SessionListener#onDraining} at once.
     */
    void shutdown();

    /** Closes the session at once; bound exchanges fail with {@code cause}. */
    void abort(Throwable cause);
}
