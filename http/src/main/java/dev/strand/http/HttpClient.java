package dev.strand.http;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.transport.TlsOptions;
import dev.strand.core.net.engine.ConnectionEngine;
import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.engine.EngineStats;
import dev.strand.core.net.engine.ExchangeHandle;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.Providers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP client over the connection engine: requests to the same origin (and TLS policy)
 * share connections, queue on the pool, and are re-sent on another connection when theirs dies
 * and they may be (see {@link ConnectionEngine}). Protocols and transports are found in a
 * {@link Providers} registry: {@code h1} for cleartext, and whatever TLS's ALPN chooses.
 *
 * <p><b>Threads.</b> Unless the builder is given a loop, the client runs on a loop of the loop
 * group its registry prefers ({@link Providers#preferredLoops()}: transport-wsi offers its Netty
 * event loops, so the client's sockets live on the client's own thread and no event crosses
 * threads), else on a core-net {@link EventLoop} of its own. A preferred loop belongs to its
 * provider, not to the client: a client made before the provider goes away (its bundle stopped)
 * must be closed with it. {@link #send} and {@link #stream} may be called from any thread.
 * Futures complete and handlers run on the client's loop; do not block there (use the futures'
 * {@code ...Async} methods for heavy work).
 */
public final class HttpClient implements AutoCloseable {

    /** The protocol that carries cleartext HTTP unless told otherwise. */
    public static final String CLEARTEXT_PROTOCOL = "h1";

    /** The protocol that carries cleartext HTTP with {@link Builder#h2PriorKnowledge(boolean)}. */
    public static final String PRIOR_KNOWLEDGE_PROTOCOL = "h2";

    private final Loop loop;
    private final EventLoop ownLoop;
    private final ConnectionEngine engine;
    private final ExchangeOptions timeouts;
    private final EndpointResolver resolver;
    private final Optional<String> trustedCasPem;
    private final Optional<TlsOptions.ClientCertificate> clientCertificate;
    private final List<String> alpn;
    private final int pipelineDepth;
    private final String userAgent;
    private final String cleartextProtocol;
    private volatile OriginKey lastKey;

    private HttpClient(Builder b) {
        Providers providers = b.providers != null ? b.providers : Providers.shared();
        Loop given = b.loop != null ? b.loop : providers.preferredLoops().map(LoopGroup::next).orElse(null);
        this.ownLoop = given == null ? new EventLoop("strand-http-" + System.identityHashCode(this)) : null;
        this.loop = given != null ? given : ownLoop;
        this.engine = new ConnectionEngine(loop, providers, b.engineConfig);
        this.timeouts = b.timeouts;
        this.resolver = b.resolver;
        this.trustedCasPem = Optional.ofNullable(b.trustedCasPem);
        this.clientCertificate = Optional.ofNullable(b.clientCertificate);
        this.alpn = b.alpn != null ? List.copyOf(b.alpn) : defaultAlpn(providers);
        this.pipelineDepth = b.pipelineDepth;
        this.userAgent = b.userAgent;
        this.cleartextProtocol = b.h2PriorKnowledge ? PRIOR_KNOWLEDGE_PROTOCOL : CLEARTEXT_PROTOCOL;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Sends {@code request} and collects the whole response. Cancelling the future cancels the exchange. */
    public CompletableFuture<HttpResponse> send(HttpRequest request) {
        CollectingHandler collector = new CollectingHandler();
        ExchangeHandle h = stream(request, collector);
        collector.future.whenComplete((r, e) -> {
            if (collector.future.isCancelled()) {
                h.cancel();
            }
        });
        return collector.future;
    }

    /**
     * Sends {@code request} and streams the response to {@code handler} on the client's loop.
     *
     * @return the handle that cancels the exchange
     */
    public ExchangeHandle stream(HttpRequest request, ResponseHandler handler) {
        HttpRequest r = withDefaults(request);
        HttpExchange exchange = new HttpExchange(r, handler, pipelineDepth);
        ExchangeHandle h = engine.submit(keyFor(r), exchange, r.timeouts().orElse(timeouts), exchange);
        if (loop.inLoop()) {
            exchange.attach(h);
        } else {
            loop.execute(() -> exchange.attach(h));
        }
        return h;
    }

    /**
     * The pool key a request goes to: scheme, routed endpoint, TLS policy and ALPN offer, and the
     * protocol spoken when ALPN chooses none ({@code h2} for cleartext with prior knowledge, else
     * {@code h1}). Prior-knowledge and plain cleartext requests therefore never share a
     * connection (lws does not tell them apart, {@code spec/queueing.md} E13).
     */
    public PoolKey keyFor(HttpRequest request) {
        URI uri = request.uri();
        OriginKey last = lastKey;
        if (last != null && last.isFor(uri)) {
            return last.key;
        }
        PoolKey key = newKey(request);
        lastKey = new OriginKey(uri.getScheme(), uri.getHost(), uri.getPort(), key);
        return key;
    }

    private PoolKey newKey(HttpRequest request) {
        Endpoint endpoint = resolver.resolve(request.scheme(), request.host(), request.port());
        if (!request.scheme().equals("https")) {
            return PoolKey.plain(request.scheme(), endpoint, cleartextProtocol);
        }
        TlsOptions tls = new TlsOptions(request.host(), trustedCasPem, alpn, clientCertificate);
        return PoolKey.tls(request.scheme(), endpoint, tls, CLEARTEXT_PROTOCOL);
    }

    /** The engine's counters. Any thread. */
    public EngineStats stats() {
        return engine.stats();
    }

    /** The loop the client runs on. */
    public Loop loop() {
        return loop;
    }

    /**
     * Closes every connection and fails every exchange still running, then stops the client's
     * own loop (a loop given to the builder, or one of a preferred loop group, is left running).
     * Waits up to 5 s when called from another thread.
     */
    @Override
    public void close() {
        engine.closeAndWait(5, TimeUnit.SECONDS);
        if (ownLoop != null) {
            ownLoop.execute(ownLoop::close);
        }
    }

    private HttpRequest withDefaults(HttpRequest request) {
        if (userAgent == null || request.headers().contains("User-Agent")) {
            return request;
        }
        return request.withHeader("User-Agent", userAgent);
    }

    private static List<String> defaultAlpn(Providers providers) {
        List<String> offer = new ArrayList<>();
        for (String name : List.of("h2", CLEARTEXT_PROTOCOL)) {
            providers.protocol(name).map(ProtocolOps::alpnIds).ifPresent(offer::addAll);
        }
        return offer.isEmpty() ? List.of("http/1.1") : offer;
    }

    /**
     * The key of the origin that the last request went to, as its URI spelled it: a client that
     * sends to one origin resolves it once and hands the engine the very same key each time.
     */
    private record OriginKey(String scheme, String host, int port, PoolKey key) {
        boolean isFor(URI uri) {
            return port == uri.getPort() && host.equals(uri.getHost()) && scheme.equals(uri.getScheme());
        }
    }

    /** Configures a {@link HttpClient}. Not thread-safe. */
    public static final class Builder {
        private Loop loop;
        private Providers providers;
        private EngineConfig engineConfig = EngineConfig.DEFAULT;
        private ExchangeOptions timeouts = ExchangeOptions.DEFAULT;
        private EndpointResolver resolver = EndpointResolver.TCP;
        private String trustedCasPem;
        private TlsOptions.ClientCertificate clientCertificate;
        private List<String> alpn;
        private int pipelineDepth = 1;
        private String userAgent = "strand";
        private boolean h2PriorKnowledge;

        private Builder() {
        }

        /**
         * Speaks HTTP/2 to cleartext ({@code http}) origins from the first byte, without an
         * upgrade (RFC 9113 §3.3, "prior knowledge"; h2c). Needs the {@code h2} protocol. TLS
         * origins are unaffected: ALPN decides there.
         */
        public Builder h2PriorKnowledge(boolean on) {
            this.h2PriorKnowledge = on;
            return this;
        }

        /**
         * Runs the client on this loop (it stays the caller's); by default on a loop of the
         * registry's preferred loop group, else on a loop the client makes and closes itself.
         */
        public Builder loop(Loop l) {
            this.loop = Objects.requireNonNull(l, "loop");
            return this;
        }

        /** Where transports and protocols come from; by default {@link Providers#shared()}. */
        public Builder providers(Providers p) {
            this.providers = Objects.requireNonNull(p, "providers");
            return this;
        }

        /** Connection limits, keep-warm, lifetime, connect retry, replays. */
        public Builder engine(EngineConfig config) {
            this.engineConfig = Objects.requireNonNull(config, "engine config");
            return this;
        }

        /** Default deadlines for requests that set none. */
        public Builder timeouts(ExchangeOptions options) {
            this.timeouts = Objects.requireNonNull(options, "timeouts");
            return this;
        }

        public Builder endpointResolver(EndpointResolver r) {
            this.resolver = Objects.requireNonNull(r, "resolver");
            return this;
        }

        /** Trust these CAs (PEM) for https instead of the JDK's defaults. */
        public Builder trustedCasPem(String pem) {
            this.trustedCasPem = Objects.requireNonNull(pem, "pem");
            return this;
        }

        public Builder clientCertificate(TlsOptions.ClientCertificate certificate) {
            this.clientCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** The ALPN protocols to offer; by default those of the HTTP protocols present (h2, then http/1.1). */
        public Builder alpn(List<String> protocols) {
            this.alpn = List.copyOf(protocols);
            return this;
        }

        /**
         * Lets an HTTP/1.1 connection carry up to {@code depth} idempotent requests at once (true
         * pipelining, RFC 9112 §9.3.2) once its server has shown it keeps connections alive.
         * 1 (the default) keeps lws's behaviour: the next request is written only after the
         * previous response has completed.
         */
        public Builder pipelining(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("pipelining depth must be at least 1, not " + depth);
            }
            this.pipelineDepth = depth;
            return this;
        }

        /** The User-Agent sent when a request has none; {@code null} sends none. */
        public Builder userAgent(String agent) {
            this.userAgent = agent;
            return this;
        }

        public HttpClient build() {
            return new HttpClient(this);
        }
    }
}
