package dev.strand.protocol.ws;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.transport.TlsOptions;
import dev.strand.core.net.engine.ConnectionEngine;
import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.engine.EngineStats;
import dev.strand.core.net.engine.ExchangeHandle;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.Providers;
import dev.strand.http.EndpointResolver;
import dev.strand.protocol.ws.internal.UpgradeExchange;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens WebSockets to {@code ws://} and {@code wss://} URIs for users without Secure Streams.
 * Each opening handshake is an exchange of a {@link ConnectionEngine}: it queues, connects with
 * the engine's retry and deadlines, and its connection leaves the pool once upgraded. TLS
 * connections check the server's certificate against the JDK's CAs or the ones given, and offer
 * no ALPN (see {@link WsProtocol}).
 *
 * <p>Thread-safe: {@link #connect} may be called from any thread. Futures complete and listeners
 * run on the client's loop, which every {@link WebSocket} it opens belongs to.
 */
public final class WebSocketClient implements AutoCloseable {

    private final Loop loop;
    private final EventLoop ownLoop;
    private final ConnectionEngine engine;
    private final EndpointResolver resolver;
    private final Optional<String> trustedCasPem;
    private final Optional<TlsOptions.ClientCertificate> clientCertificate;

    private WebSocketClient(Builder b) {
        this.ownLoop = b.loop == null ? new EventLoop("strand-ws-" + System.identityHashCode(this)) : null;
        this.loop = b.loop != null ? b.loop : ownLoop;
        this.engine = new ConnectionEngine(loop, b.providers != null ? b.providers : Providers.shared(), b.engineConfig);
        this.resolver = b.resolver;
        this.trustedCasPem = Optional.ofNullable(b.trustedCasPem);
        this.clientCertificate = Optional.ofNullable(b.clientCertificate);
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@link #connect(URI, WebSocketOptions, WebSocketListener)} with {@link WebSocketOptions#DEFAULT}. */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocketListener listener) {
        return connect(uri, WebSocketOptions.DEFAULT, listener);
    }

    /**
     * Opens a WebSocket. The future completes, on the client's loop, with the open WebSocket
     * (after {@link WebSocketListener#onOpen}) or fails: {@link WebSocketHandshakeException} when
     * the server refused, the engine's errors for connecting and deadlines. Cancelling the future
     * abandons the attempt.
     *
     * @throws IllegalArgumentException if {@code uri} is not an absolute ws or wss URI without a fragment
     */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocketOptions options, WebSocketListener listener) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Target t = Target.of(uri);
        UpgradeExchange exchange = new UpgradeExchange(t.target, t.authority, options, listener);
        ExchangeHandle h = engine.submit(keyFor(uri), exchange, options.timeouts(), exchange);
        CompletableFuture<WebSocket> f = exchange.future();
        f.whenComplete((ws, e) -> {
            if (f.isCancelled()) {
                h.cancel();
            }
        });
        return f;
    }

    /** The pool key a URI goes to: scheme, routed endpoint, TLS policy without ALPN, protocol {@code ws}. */
    public PoolKey keyFor(URI uri) {
        Target t = Target.of(uri);
        Endpoint endpoint = resolver.resolve(t.scheme, t.host, t.port);
        if (!t.scheme.equals("wss")) {
            return PoolKey.plain(t.scheme, endpoint, WsProtocol.NAME);
        }
        TlsOptions tls = new TlsOptions(t.host, trustedCasPem, List.of(), clientCertificate);
        return PoolKey.tls(t.scheme, endpoint, tls, WsProtocol.NAME);
    }

    /** The engine's counters. Any thread. */
    public EngineStats stats() {
        return engine.stats();
    }

    /** The loop the client and its WebSockets run on. */
    public Loop loop() {
        return loop;
    }

    /**
     * Closes every WebSocket at once (their listeners see 1006) and fails handshakes still
     * running, then stops the client's own loop. Waits up to 5 s when called from another thread.
     */
    @Override
    public void close() {
        engine.closeAndWait(5, TimeUnit.SECONDS);
        if (ownLoop != null) {
            ownLoop.execute(ownLoop::close);
        }
    }

    /** The parts of a ws/wss URI the handshake and the pool key need. */
    private record Target(String scheme, String host, int port, String authority, String target) {
        static Target of(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new IllegalArgumentException("'" + uri + "' is not a ws or wss URI");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("'" + uri + "' has no host");
            }
            if (uri.getRawFragment() != null) {
                throw new IllegalArgumentException("'" + uri + "' has a fragment, which a WebSocket URI must not have");
            }
            int defaultPort = scheme.equals("wss") ? 443 : 80;
            int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort;
            String rawHost = uri.getHost();
            String host = rawHost.startsWith("[") && rawHost.endsWith("]")
                    ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
            String authority = port == defaultPort ? rawHost : rawHost + ":" + port;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            return new Target(scheme, host.toLowerCase(Locale.ROOT), port, authority, target);
        }
    }

    /** Configures a {@link WebSocketClient}. Not thread-safe. */
    public static final class Builder {
        private Loop loop;
        private Providers providers;
        private EngineConfig engineConfig = EngineConfig.DEFAULT.withMaxConnectionsPerKey(8);
        private EndpointResolver resolver = EndpointResolver.TCP;
        private String trustedCasPem;
        private TlsOptions.ClientCertificate clientCertificate;

        private Builder() {
        }

        /** Runs the client on this loop (it stays the caller's); by default the client makes its own. */
        public Builder loop(Loop l) {
            this.loop = Objects.requireNonNull(l, "loop");
            return this;
        }

        /** Where transports and protocols come from; by default {@link Providers#shared()}. */
        public Builder providers(Providers p) {
            this.providers = Objects.requireNonNull(p, "providers");
            return this;
        }

        /** Connect retry, concurrent handshakes per origin (8 by default), lifetime. */
        public Builder engine(EngineConfig config) {
            this.engineConfig = Objects.requireNonNull(config, "engine config");
            return this;
        }

        /** Where an origin's links go; by default TCP to the URI's host and port. */
        public Builder endpointResolver(EndpointResolver r) {
            this.resolver = Objects.requireNonNull(r, "resolver");
            return this;
        }

        /** Trust these CAs (PEM) for wss instead of the JDK's defaults. */
        public Builder trustedCasPem(String pem) {
            this.trustedCasPem = Objects.requireNonNull(pem, "pem");
            return this;
        }

        public Builder clientCertificate(TlsOptions.ClientCertificate certificate) {
            this.clientCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        public WebSocketClient build() {
            return new WebSocketClient(this);
        }
    }
}
