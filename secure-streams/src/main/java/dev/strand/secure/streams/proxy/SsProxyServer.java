package dev.strand.secure.streams.proxy;

import dev.strand.api.Endpoint;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.mux.MuxRoute;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.registry.ProvidersListener;
import dev.strand.core.net.sss.SssLinkProfile;
import dev.strand.core.net.sss.SssProxy;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SS proxy: listens on one or more endpoints and serves every accepted link as one proxied
 * secure stream ({@link SssProxy}), whose onward stream the {@link Policy} decides
 * ({@link PolicyOnwardFactory}). An endpoint is served as {@link MuxRoute} says: a {@code mux+...}
 * endpoint, or one whose transport carries a single link ({@code uart:/dev/ttyUSB0?baud=115200}),
 * runs the transport mux on each link accepted and serves every channel as one stream with the
 * mux-channel profile (the mux's settings come from the endpoint's parameters, {@code ping},
 * {@code grace}, ...); any other endpoint serves each accepted link as one stream with the socket
 * profile. The proxy owns the mux it runs: closing it ends the mux sessions (and releases the
 * serial devices under them).
 *
 * <p>Transports are taken from a {@link Providers} registry. An endpoint whose transport is not
 * there yet is listened on as soon as one arrives (in OSGi, bundles start in any order); one
 * whose transport leaves is dropped until a transport for it comes back.
 *
 * <p>Thread-safe. {@link #start()} and {@link #close()} are called by the owner; links run on the
 * loops given (by default: discovered Netty loops, else core-net loops).
 */
public final class SsProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SsProxyServer.class);

    private final Policy policy;
    private final List<Endpoint> endpoints;
    private final Providers providers;
    private final LoopGroup loops;
    private final ProxyLoops ownLoops;
    private final PolicyOnwardFactory factory;
    private final Optional<SssLinkProfile> profileOverride;
    private final Map<Endpoint, Listener> listeners = new LinkedHashMap<>();
    private final Map<Endpoint, MuxRoute> listenedWith = new LinkedHashMap<>();
    private final List<Endpoint> failed = new ArrayList<>();
    private AutoCloseable subscription;
    private boolean started;
    private boolean closed;

    private SsProxyServer(Builder b) {
        this.policy = b.policy;
        this.endpoints = List.copyOf(b.endpoints);
        this.providers = b.providers;
        if (b.loops != null) {
            this.loops = b.loops;
            this.ownLoops = null;
        } else {
            this.ownLoops = b.discoveredLoops != null ? new ProxyLoops(b.discoveredLoops) : ProxyLoops.fromSharedProviders();
            this.loops = ownLoops;
        }
        this.factory = new PolicyOnwardFactory(policy, b.context != null ? b.context
                : new StreamContext(providers, dev.strand.core.net.retry.Backoff.sharedRandom(),
                        StreamContext.DEFAULT_CONNECT_TIMEOUT));
        this.profileOverride = Optional.ofNullable(b.profile);
    }

    /** A proxy serving {@code policy}; add endpoints with {@link Builder#listen}. */
    public static Builder builder(Policy policy) {
        return new Builder(policy);
    }

    /**
     * Starts listening on every endpoint whose transport is present; the others follow when their
     * transport arrives.
     *
     * @throws IOException if an endpoint whose transport is present cannot be listened on (in use,
     *                     no permission); nothing is left listening then
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        for (Endpoint e : endpoints) {
            try {
                tryListen(e, true);
            } catch (IOException | RuntimeException ex) {
                close();
                throw ex;
            }
        }
        subscription = providers.subscribe(new ProvidersListener() {
            @Override
            public void transportAdded(TransportOps transport) {
                transportArrived(transport);
            }

            @Override
            public void transportRemoved(TransportOps transport) {
                transportLeft(transport);
            }
        });
        LOG.info("SS proxy serving {} ({} streamtypes) on {}", policy.source(), policy.streamTypes().size(),
                ownLoops != null ? ownLoops.describe() : loops);
    }

    /** Where the proxy listens now: the bound endpoints (a TCP port 0 resolved). */
    public synchronized List<Endpoint> listening() {
        return listeners.values().stream().map(Listener::endpoint).toList();
    }

    /** The endpoints asked for that have no listener yet (no transport, or listening failed). */
    public synchronized List<Endpoint> waiting() {
        return endpoints.stream().filter(e -> !listeners.containsKey(e)).toList();
    }

    /** The policy served. */
    public Policy policy() {
        return policy;
    }

    /**
     * Stops listening. Socket links already accepted stay until their clients close them; the mux
     * sessions the proxy runs end (their channels close, their serial devices are released).
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("unsubscribing from the transport registry failed", e);
            }
        }
        for (Map.Entry<Endpoint, Listener> l : listeners.entrySet()) {
            l.getValue().close();
            listenedWith.get(l.getKey()).close();
            LOG.info("SS proxy stopped listening on {}", l.getValue().endpoint());
        }
        listeners.clear();
        listenedWith.clear();
        if (ownLoops != null) {
            ownLoops.close();
        }
    }

    private synchronized void transportArrived(TransportOps transport) {
        if (closed || !started) {
            return;
        }
        for (Endpoint e : endpoints) {
            if (!listeners.containsKey(e) && !failed.contains(e)) {
                try {
                    tryListen(e, false);
                } catch (IOException | RuntimeException ex) {
                    failed.add(e);
                    LOG.error("SS proxy cannot listen on {} with transport '{}': {}", e, transport.name(), ex.toString());
                }
            }
        }
    }

    private synchronized void transportLeft(TransportOps transport) {
        for (Endpoint e : endpoints) {
            MuxRoute route = listenedWith.get(e);
            if (route != null && route.carrier() == transport) {
                listenedWith.remove(e);
                Listener l = listeners.remove(e);
                if (l != null) {
                    l.close();
                }
                route.close();
                LOG.info("SS proxy stopped listening on {}: transport '{}' went away; waiting for another", e,
                        transport.name());
            }
        }
    }

    private void tryListen(Endpoint e, boolean first) throws IOException {
        MuxRoute route;
        try {
            route = MuxRoute.of(e, providers);
        } catch (RuntimeException none) {
            if (first) {
                LOG.info("SS proxy waiting for a transport that serves {} ({})", e, none.getMessage());
            }
            return;
        }
        SssLinkProfile profile = profileOverride.orElseGet(() -> SssLinkProfile.of(route));
        Listener l;
        try {
            l = route.transport().listen(route.endpoint(), loops, new SssProxy(factory, profile));
        } catch (IOException | RuntimeException ex) {
            route.close();
            throw ex;
        }
        listeners.put(e, l);
        listenedWith.put(e, route);
        LOG.info("SS proxy listening on {} (transport '{}'{}, {} links)", l.endpoint(), route.carrier().name(),
                route.overMux() ? " under the transport mux" : "", profile.name());
    }

    /** Configures an {@link SsProxyServer}. Not thread-safe. */
    public static final class Builder {
        private final Policy policy;
        private final List<Endpoint> endpoints = new ArrayList<>();
        private Providers providers = Providers.shared();
        private LoopGroup loops;
        private Supplier<LoopGroup> discoveredLoops;
        private StreamContext context;
        private SssLinkProfile profile;

        private Builder(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** Adds an endpoint to listen on. */
        public Builder listen(Endpoint endpoint) {
            endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** Where transports come from ({@link Providers#shared()} by default). */
        public Builder providers(Providers registry) {
            this.providers = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The loops links run on, owned by the caller (default: discovered Netty loops, else core-net loops). */
        public Builder loops(LoopGroup group) {
            this.loops = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * Where to ask for a discovered loop group on each accepted link (OSGi: a service tracker);
         * {@code null} answers fall back to the proxy's own core-net loops.
         */
        public Builder discoveredLoops(Supplier<LoopGroup> source) {
            this.discoveredLoops = Objects.requireNonNull(source, "source");
            return this;
        }

        /** How onward streams connect (default: this builder's providers, 15 s deadline). */
        public Builder streamContext(StreamContext streamContext) {
            this.context = Objects.requireNonNull(streamContext, "streamContext");
            return this;
        }

        /** Forces one link profile for every endpoint (tests: a shorter handshake deadline). */
        public Builder linkProfile(SssLinkProfile linkProfile) {
            this.profile = Objects.requireNonNull(linkProfile, "linkProfile");
            return this;
        }

        public SsProxyServer build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("an SS proxy needs at least one endpoint to listen on");
            }
            return new SsProxyServer(this);
        }
    }
}
