package dev.strand.core.net.registry;

import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.transport.TransportOps;

/**
 * Hears providers arrive and leave. Called on whatever thread changed the registry (an OSGi
 * framework thread, or the caller of {@link Providers#addTransport}); must not block.
 */
public interface ProvidersListener {

    default void transportAdded(TransportOps transport) {
    }

    default void transportRemoved(TransportOps transport) {
    }

    default void protocolAdded(ProtocolOps protocol) {
    }

    default void protocolRemoved(ProtocolOps protocol) {
    }
}
