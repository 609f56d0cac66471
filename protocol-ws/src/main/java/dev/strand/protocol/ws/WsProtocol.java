package dev.strand.protocol.ws;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import dev.strand.protocol.ws.internal.WsSessions;
import java.util.List;

/**
 * WebSocket ({@code ws}): client sessions that carry one opening handshake each and then become
 * the WebSocket (the upgraded link leaves the engine's pool). It claims no ALPN identifier:
 * {@code http/1.1} belongs to h1, so a TLS connection for a WebSocket offers no ALPN and the
 * engine picks this protocol from the pool key. Stateless; discovered through
 * {@code ServiceLoader} or OSGi.
 */
@ServiceProvider(ProtocolOps.class)
public final class WsProtocol implements ProtocolOps {

    /** The protocol's name, as the policy writes it. */
    public static final String NAME = "ws";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> alpnIds() {
        return List.of();
    }

    @Override
    public ProtocolSession open(Link link, SessionListener listener) {
        return WsSessions.client(link, listener);
    }
}
