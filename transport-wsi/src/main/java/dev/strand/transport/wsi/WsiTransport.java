package dev.strand.transport.wsi;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.transport.wsi.internal.Connector;
import dev.strand.transport.wsi.internal.WsiListener;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code wsi} transport: Netty socket links for the schemes {@code unix} and {@code tcp}, the
 * Java counterpart of lws's wsi transport.
 *
 * <ul>
 *   <li>{@code unix:/path}: a Unix socket on the file system. A listener replaces a stale socket
 *       file (after checking that nothing answers there) and removes its file on close.</li>
 *   <li>{@code unix:@name}: a Linux abstract socket, bound and connected as {@code "\0name"} with
 *       the exact, unpadded length lws uses, so lws peers find it. Needs native epoll; without it
 *       connects fail and listens throw with an error that says why.</li>
 *   <li>{@code tcp:host:port}: TCP; a listener binds exactly {@code host}. With
 *       {@link ConnectOptions#tls()} a client link runs TLS (JDK engine, host name verified, SNI,
 *       ALPN, optional client certificate, sessions resumed per distinct {@code TlsOptions}); it
 *       opens only after the handshake succeeds.</li>
 * </ul>
 *
 * <p><b>Threads.</b> Given a {@link NettyLoop} (or a {@link NettyLoopGroup} to listen), a channel
 * registers on that very event loop and its events need no thread hop. Given any other
 * {@link Loop}, the channel runs on {@link WsiResources}' shared group and each event is handed to
 * the given loop with {@code execute} (inbound bytes copied). Both behave the same.
 *
 * <p>Stateless apart from its {@link WsiSettings}; the no-argument constructor (for discovery)
 * reads them from system properties. Thread-safe.
 */
@ServiceProvider(TransportOps.class)
public final class WsiTransport implements TransportOps {

    private final WsiSettings settings;

    /** Settings from the {@code strand.wsi.*} system properties. */
    public WsiTransport() {
        this(WsiSettings.fromSystemProperties());
    }

    public WsiTransport(WsiSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public WsiSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "wsi";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("unix", "tcp");
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(handler, "handler");
        return Connector.connect(endpoint, options, loop, handler, settings);
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
        Objects.requireNonNull(loops, "loops");
        Objects.requireNonNull(acceptor, "acceptor");
        return WsiListener.open(endpoint, loops, acceptor, settings, null);
    }

    @Override
    public String toString() {
        return "wsi" + schemes();
    }
}
