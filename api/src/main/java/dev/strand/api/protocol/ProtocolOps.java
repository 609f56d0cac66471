package dev.strand.api.protocol;

import dev.strand.api.transport.Link;
import java.util.List;

/**
 * A protocol provider: it opens sessions over links. Discovered like
 * {@link dev.strand.api.transport.TransportOps} (OSGi service or {@link java.util.ServiceLoader}),
 * so it has a public no-argument constructor and no per-session state.
 */
public interface ProtocolOps {

    /** The protocol's name as the policy writes it: {@code raw}, {@code h1}, {@code h2}, {@code ws}. */
    String name();

    /** The ALPN identifiers that select this protocol after a TLS handshake ({@code http/1.1}, {@code h2}). */
    default List<String> alpnIds() {
        return List.of();
    }

    /**
     * Opens a session over an open link. Called on the link's loop; the session then receives
     * the link's events (it is the link's handler from now on) and reports to {@code listener},
     * also on that loop.
     */
    ProtocolSession open(Link link, SessionListener listener);
}
