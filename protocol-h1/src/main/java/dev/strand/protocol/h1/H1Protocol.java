package dev.strand.protocol.h1;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import java.util.List;

/**
 * HTTP/1.1 ({@code h1}, ALPN {@code http/1.1}): client sessions that carry
 * {@link dev.strand.http.HttpExchange}s. Stateless; discovered through {@code ServiceLoader} or
 * OSGi, so it has a public no-argument constructor.
 */
@ServiceProvider(ProtocolOps.class)
public final class H1Protocol implements ProtocolOps {

    /** The protocol's name. */
    public static final String NAME = "h1";

    /** Its ALPN identifier. */
    public static final String ALPN = "http/1.1";

    private final H1Limits limits;

    /** Default limits ({@link H1Limits#DEFAULT}). */
    public H1Protocol() {
        this(H1Limits.DEFAULT);
    }

    public H1Protocol(H1Limits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> alpnIds() {
        return List.of(ALPN);
    }

    @Override
    public ProtocolSession open(Link link, SessionListener listener) {
        return new H1Session(link, listener, limits);
    }
}
