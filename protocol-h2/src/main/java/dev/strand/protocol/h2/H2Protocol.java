package dev.strand.protocol.h2;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import java.util.List;

/**
 * HTTP/2 ({@code h2}, ALPN {@code h2}; over cleartext when a pool's key names {@code h2}, i.e. by
 * prior knowledge): client sessions that carry {@link dev.strand.http.HttpExchange}s as streams.
 * Stateless; discovered through {@code ServiceLoader} or OSGi, so it has a public no-argument
 * constructor.
 */
@ServiceProvider(ProtocolOps.class)
public final class H2Protocol implements ProtocolOps {

    /** The protocol's name. */
    public static final String NAME = "h2";

    /** Its ALPN identifier. */
    public static final String ALPN = "h2";

    private final H2Settings settings;

    /** {@link H2Settings#DEFAULT}. */
    public H2Protocol() {
        this(H2Settings.DEFAULT);
    }

    public H2Protocol(H2Settings settings) {
        this.settings = settings;
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
        H2Session s = new H2Session(link, listener, settings);
        s.start();
        return s;
    }
}
