package dev.strand.core.net.mux;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.registry.Providers;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lws transport mux as a transport that wraps another one: endpoints
 * {@code mux+INNER:ADDRESS?PARAMS}, such as {@code mux+uart:/dev/ttyUSB0?baud=2000000},
 * {@code mux+tcp:127.0.0.1:7000} or {@code mux+mem:name}. The inner endpoint is served by whatever
 * transport the provider registry has for its scheme.
 *
 * <ul>
 *   <li>{@code connect} opens a channel on the client session of the inner endpoint: one session
 *       per inner endpoint, shared by all channels, whose underlying link is connected on the first
 *       request and reconnected with backoff whenever it drops. Every channel of a session belongs
 *       to that session's loop (the loop of the first {@code connect} to the endpoint), so the
 *       handler of a later {@code connect} given another loop is called on the session's loop;
 *       {@link dev.strand.api.transport.Link#loop()} says which. A request waits up to the connect
 *       timeout for the link, the three-way PING and CHANNEL_ACK.</li>
 *   <li>{@code listen} listens on the inner endpoint and runs a server session on every link it
 *       accepts; every channel a peer opens is offered to the acceptor.</li>
 * </ul>
 *
 * <p>Settings come from {@link MuxSettings}: the defaults given to the constructor, overridden by
 * the endpoint's parameters ({@code ping}, {@code grace}, {@code retry}, {@code channels},
 * {@code frame}, {@code hwm}, {@code rxlimit}); the other parameters go to the inner transport.
 * Stateless until used; thread-safe.
 */
@ServiceProvider(TransportOps.class)
public final class MuxTransport implements TransportOps, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MuxTransport.class);

    private final Supplier<Providers> providers;
    private final MuxSettings defaults;
    private final Map<Endpoint, ClientLine> clients = new ConcurrentHashMap<>();
    private final Set<Session> servers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Resolves inner endpoints through {@link Providers#shared()}, with lws's settings. */
    public MuxTransport() {
        this(Providers::shared, MuxSettings.DEFAULT);
    }

    /** Resolves inner endpoints through {@code providers}, with lws's settings. */
    public MuxTransport(Providers providers) {
        this(() -> providers, MuxSettings.DEFAULT);
    }

    /** Resolves inner endpoints through {@code providers}; {@code defaults} apply where an endpoint says nothing. */
    public MuxTransport(Providers providers, MuxSettings defaults) {
        this(() -> providers, defaults);
    }

    private MuxTransport(Supplier<Providers> providers, MuxSettings defaults) {
        this.providers = providers;
        this.defaults = defaults;
    }

    @Override
    public String name() {
        return "mux";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mux");
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        MuxSettings settings = settingsFor(endpoint);
        Endpoint inner = innerOf(endpoint);
        TransportOps innerTransport = providers.get().transportFor(inner);
        ClientLine line = clients.computeIfAbsent(inner,
                k -> new ClientLine(innerTransport, inner, settings, options, loop));
        if (!line.session().settings().equals(settings)) {
            LOG.warn("mux {}: connect asks for {} but the session runs with {}", inner, settings,
                    line.session().settings());
        }
        return line.open(handler, options);
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
        MuxSettings settings = settingsFor(endpoint);
        Endpoint inner = innerOf(endpoint);
        TransportOps innerTransport = providers.get().transportFor(inner);
        Session.Observer tracker = new Session.Observer() {
            @Override
            public void innerClosed(Session session, Throwable cause) {
                servers.remove(session);
            }
        };
        Listener innerListener = innerTransport.listen(inner, loops, link -> {
            Session s = Session.server(link.loop(), settings, acceptor, tracker, link.peer());
            servers.add(s);
            if (closed && servers.remove(s)) {
                link.loop().execute(() -> s.shutdown("mux transport closed"));
            }
            return s;
        });
        return new MuxListener(innerListener, endpoint.params());
    }

    /**
     * The client session towards an inner endpoint, once something connected to it: link state
     * and the peer's clock from its PONGACKs.
     */
    public Optional<MuxSession> clientSession(Endpoint endpoint) {
        ClientLine line = clients.get(innerOf(endpoint));
        return Optional.ofNullable(line == null ? null : line.session());
    }

    /**
     * Closes every client session (their underlying links stop reconnecting) and every server
     * session, including one whose link a listener is accepting at this moment: a server session
     * that starts after this call is shut down at once.
     */
    @Override
    public void close() {
        closed = true;
        clients.values().forEach(ClientLine::close);
        clients.clear();
        for (Session s : servers) {
            if (servers.remove(s)) {
                s.loop().execute(() -> s.shutdown("mux transport closed"));
            }
        }
    }

    private MuxSettings settingsFor(Endpoint endpoint) {
        requireMux(endpoint);
        return defaults.with(endpoint);
    }

    private static Endpoint innerOf(Endpoint endpoint) {
        requireMux(endpoint);
        return MuxSettings.stripParameters(endpoint.inner());
    }

    private static void requireMux(Endpoint endpoint) {
        if (!endpoint.isLayered() || !endpoint.outerScheme().equals("mux")) {
            throw new IllegalArgumentException("the mux transport serves mux+SCHEME:ADDRESS endpoints, not " + endpoint);
        }
    }
}
