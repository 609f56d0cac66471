package dev.strand.api.transport;

import dev.strand.api.Endpoint;

/**
 * A listening endpoint made by {@link TransportOps#listen}. Thread-safe.
 */
public interface Listener extends AutoCloseable {

    /** Where peers can reach this listener; for {@code tcp:127.0.0.1:0}, the port actually bound. */
    Endpoint endpoint();

    /** Stops accepting; links already accepted stay open. Idempotent. */
    @Override
    void close();
}
