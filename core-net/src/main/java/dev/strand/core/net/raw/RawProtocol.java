package dev.strand.core.net.raw;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;

/**
 * The {@code raw} protocol ({@value #NAME}, no ALPN): sessions that carry one {@link RawExchange}
 * each and hand it the link. Stateless; discovered through {@code ServiceLoader} or OSGi, so it
 * has a public no-argument constructor.
 */
@ServiceProvider(ProtocolOps.class)
public final class RawProtocol implements ProtocolOps {

    /** The protocol's name, as policies write it. */
    public static final String NAME = "raw";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProtocolSession open(Link link, SessionListener listener) {
        return new RawSession(link, listener);
    }
}
