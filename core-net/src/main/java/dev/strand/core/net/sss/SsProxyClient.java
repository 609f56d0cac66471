package dev.strand.core.net.sss;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.SecureStreams;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.mux.MuxRoute;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.retry.RetryPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The SS proxy client (SSPC): {@link SecureStreams} whose policy and network live in an SS proxy
 * reached over links of any {@link TransportOps}, one link per stream (a socket, or a channel of
 * the transport mux). An endpoint whose transport carries a single link (a serial port,
 * {@code uart:/dev/ttyUSB0?baud=115200}) is reached over the transport mux as if written
 * {@code mux+uart:...} ({@link MuxRoute}); the client then owns that mux and its serial device
 * until it is closed. When a link goes down with a
 * {@link dev.strand.api.transport.LinkLostException} (a serial device gone, a mux link lost), each
 * stream tells its application which of its recent chunks did not leave whole
 * ({@link dev.strand.api.ss.StreamHandler#onTxUndelivered}, the last 64 chunks at most); a link that
 * closes with any other cause reports nothing, since nothing is known. It speaks Serialized Secure Streams as an lws HEAD client does (wire.md
 * §2.2), and does right what lws gets wrong: a stream whose proxy link drops keeps its handle and
 * comes back on a new link (see {@link SecureStream} for what the application sees).
 *
 * <p>Thread-safe. Each stream belongs to the loop it was created on.
 */
public final class SsProxyClient implements SecureStreams {

    /** How often a stream tries to reach its proxy: 1 s, as lws, with at most 1% jitter, forever. */
    public static final RetryPolicy DEFAULT_LINK_RETRY =
            new RetryPolicy("sspc-proxy-link", List.of(1000L), RetryPolicy.CONCEAL_FOREVER, 1, 0, 0);

    private final MuxRoute route;
    private final ConnectOptions connectOptions;
    private final SssLinkProfile profile;
    private final RetryPolicy linkRetry;
    private final RandomGenerator random;
    private final long clientPid;
    private final Set<ProxiedStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SsProxyClient(Builder b) {
        this.route = b.route();
        this.connectOptions = b.connectOptions;
        this.profile = b.profile != null ? b.profile : SssLinkProfile.of(route);
        this.linkRetry = b.linkRetry;
        this.random = b.random;
        this.clientPid = b.clientPid;
    }

    /**
     * A client reaching the proxy at {@code endpoint} through {@code transport} (over a mux of the
     * client's own if {@code transport} carries a single link).
     */
    public static Builder builder(TransportOps transport, Endpoint endpoint) {
        return new Builder(transport, endpoint, null);
    }

    /**
     * A client reaching the proxy at {@code endpoint} through the transports {@link Providers#shared()}
     * has (over a mux of the client's own for {@code mux+...} endpoints and single-link transports).
     *
     * @throws dev.strand.core.net.registry.NoSuchTransportException if no transport serves the endpoint
     */
    public static Builder builder(Endpoint endpoint) {
        return builder(endpoint, Providers.shared());
    }

    /**
     * A client reaching the proxy at {@code endpoint} through the transports {@code providers} has
     * (over a mux of the client's own for {@code mux+...} endpoints and single-link transports).
     *
     * @throws dev.strand.core.net.registry.NoSuchTransportException if no transport serves the endpoint
     */
    public static Builder builder(Endpoint endpoint, Providers providers) {
        Endpoint under = MuxRoute.isMuxEndpoint(endpoint) ? endpoint.inner() : endpoint;
        return new Builder(providers.transportFor(under), endpoint, providers);
    }

    /**
     * Creates a proxied stream; it starts reaching the proxy at once. Call from {@code loop}.
     *
     * @throws IllegalArgumentException if the streamtype is not 1..31 printable ASCII characters
     * @throws IllegalStateException    if this client is closed, or not called from {@code loop}
     */
    @Override
    public SecureStream create(StreamOptions options, Loop loop) {
        loop.assertInLoop();
        if (closed) {
            throw new IllegalStateException("this SS proxy client is closed");
        }
        String type = options.streamType();
        if (type.length() > SssWire.MAX_STREAMTYPE_NAME || !type.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new IllegalArgumentException("streamtype '" + type + "' must be 1.." + SssWire.MAX_STREAMTYPE_NAME
                    + " printable ASCII characters to travel to a proxy");
        }
        ProxiedStream stream = new ProxiedStream(this, options, loop);
        streams.add(stream);
        stream.start();
        return stream;
    }

    /**
     * Destroys every stream this client made, each on its own loop, then ends the client's own
     * mux (closing the serial device or connection under it), if it has one.
     */
    @Override
    public void close() {
        closed = true;
        for (ProxiedStream s : streams) {
            s.loop().execute(s::destroy);
        }
        if (route.ownMux().isPresent()) {
            closeRouteAfter(streams.stream().map(ProxiedStream::loop).distinct().toList(), 0);
        }
    }

    /** Closes the route once every stream loop has run what it was given before (their destroys). */
    private void closeRouteAfter(List<Loop> loops, int next) {
        if (next == loops.size()) {
            route.close();
        } else {
            loops.get(next).execute(() -> closeRouteAfter(loops, next + 1));
        }
    }

    /** How links reach the proxy: the endpoint, the transport, and whether over the mux. */
    public MuxRoute route() {
        return route;
    }

    /** The link profile in use (which TX payload limit and handshake deadline apply). */
    public SssLinkProfile profile() {
        return profile;
    }

    TransportOps transport() {
        return route.transport();
    }

    Endpoint endpoint() {
        return route.endpoint();
    }

    ConnectOptions connectOptions() {
        return connectOptions;
    }

    RetryPolicy linkRetry() {
        return linkRetry;
    }

    RandomGenerator random() {
        return random;
    }

    long clientPid() {
        return clientPid;
    }

    void forget(ProxiedStream stream) {
        streams.remove(stream);
    }

    /** Streams that are not destroyed yet. */
    int liveStreams() {
        return streams.size();
    }

    /** Configures an {@link SsProxyClient}. Not thread-safe. */
    public static final class Builder {
        private final TransportOps transport;
        private final Endpoint endpoint;
        private final Providers providers;
        private ConnectOptions connectOptions = ConnectOptions.DEFAULT;
        private SssLinkProfile profile;
        private RetryPolicy linkRetry = DEFAULT_LINK_RETRY;
        private RandomGenerator random = RandomGenerator.getDefault();
        private long clientPid = ProcessHandle.current().pid() & 0xFFFF_FFFFL;

        private Builder(TransportOps transport, Endpoint endpoint, Providers providers) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.providers = providers;
        }

        private MuxRoute route() {
            return providers != null ? MuxRoute.of(endpoint, providers) : MuxRoute.of(endpoint, transport);
        }

        /** How each link is opened (connect deadline); plain bytes by default. */
        public Builder connectOptions(ConnectOptions options) {
            this.connectOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The kind of link: {@link SssLinkProfile#SOCKET} (4061-byte TX payloads, 3 s for
         * CREATE_RESULT) or {@link SssLinkProfile#MUX_CHANNEL} (2013 bytes, no deadline). By
         * default, mux channels for {@code mux+...} endpoints and single-link transports (a UART),
         * sockets otherwise.
         */
        public Builder linkProfile(SssLinkProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * When a stream retries reaching its proxy ({@link #DEFAULT_LINK_RETRY} by default). A
         * policy that stops concealing failures makes a stream that cannot reach its proxy give
         * up and be destroyed.
         */
        public Builder linkRetry(RetryPolicy policy) {
            this.linkRetry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The jitter source of the link retry (tests make it deterministic). */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The pid sent in STREAMTYPE (this process's by default; 0 as bare-metal lws sends). */
        public Builder clientPid(long pid) {
            if (pid < 0 || pid > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("pid " + pid + " is outside 0..2^32-1");
            }
            this.clientPid = pid;
            return this;
        }

        public SsProxyClient build() {
            return new SsProxyClient(this);
        }
    }
}
