package dev.strand.core.net.engine;

/**
 * The owner's handle on a submitted exchange. Thread-safe: calls from other threads are handed
 * to the engine's loop.
 */
public interface ExchangeHandle {

    /**
     * Abandons the exchange, touching no other: a queued one leaves the queue, a bound one is
     * cancelled on its session. The observer then gets {@code onFailed} with a
     * {@link java.util.concurrent.CancellationException}, unless the exchange had already ended.
     */
    void cancel();
}
