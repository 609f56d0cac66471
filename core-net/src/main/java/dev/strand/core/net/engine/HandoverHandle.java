package dev.strand.core.net.engine;

/**
 * The handle returned to a submitter on another thread before the engine's loop has admitted
 * the exchange: a cancel that arrives first is remembered and applied on admission. Its state is
 * touched only on the loop.
 */
final class HandoverHandle implements ExchangeHandle {

    private final ConnectionEngine engine;
    private ExchangeEntry entry;
    private boolean cancelled;

    HandoverHandle(ConnectionEngine engine) {
        this.engine = engine;
    }

    /** On the loop: the exchange was admitted as {@code e}. */
    void attach(ExchangeEntry e) {
        entry = e;
        if (cancelled) {
            engine.cancel(e);
        }
    }

    @Override
    public void cancel() {
        engine.loop().execute(() -> {
            if (entry == null) {
                cancelled = true;
            } else {
                engine.cancel(entry);
            }
        });
    }
}
