package dev.strand.secure.streams.local;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.core.net.engine.ConnectionInfo;
import dev.strand.core.net.engine.ExchangeHandle;
import dev.strand.core.net.engine.ExchangeObserver;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.http.HttpExchange;
import dev.strand.http.HttpRequest;
import dev.strand.http.RequestBody;
import dev.strand.http.ResponseHandler;
import dev.strand.http.ResponseHead;
import dev.strand.secure.streams.policy.ConnectTarget;
import dev.strand.secure.streams.policy.MetadataItem;
import dev.strand.secure.streams.policy.StreamType;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP onward: one transaction of a stream, as lws's ss-h1 runs it, over whichever HTTP protocol
 * the engine's pool picks ({@code h1}, or {@code h2} by ALPN or, for cleartext h2 streamtypes, by
 * prior knowledge): the binding only speaks {@link HttpExchange}.
 *
 * <ul>
 *   <li>The request is {@link OnwardHttpRequest}'s. A body-carrying request reports
 *       {@code connected} once the exchange is bound to a connection, so the client can send its
 *       body (lws synthesizes CONNECTED for proxied POST/PUT); its TX payload is the body, ended
 *       by EOM.</li>
 *   <li>On the response head: 503 and 429 end the attempt as "try later" with the
 *       {@code Retry-After} delay; a redirect is followed (at most {@value #MAX_REDIRECTS}) only
 *       with {@code allow_redirects}, and otherwise fails the attempt; else the response headers
 *       the policy maps go out as rx metadata, the status's {@code http_resp_map} state follows,
 *       then {@code connected} (once per transaction).</li>
 *   <li>Body pieces are rx, the first with SOM; completion sends a zero-length EOM (if there was a
 *       body) and reports the transaction done, good for 2xx or {@code http_expect}.</li>
 *   <li>A failure before {@code connected} is a failed attempt; after it, a dropped connection.</li>
 * </ul>
 *
 * <p>Confined to the stream's loop, which is also its engine's loop.
 */
final class HttpBinding implements ProtocolBinding {

    private static final Logger LOG = LoggerFactory.getLogger(HttpBinding.class);

    /** Redirects followed at most in one transaction (more fail it, as lws's client does). */
    static final int MAX_REDIRECTS = 4;
    /** How long the response may take to start, and how long its body may pause. */
    static final Duration RESPONSE_DEADLINE = Duration.ofSeconds(30);

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final BindingSetup setup;
    private final BindingEvents events;
    private final StreamType type;
    private TxBody body;
    private HttpExchange exchange;
    private ExchangeHandle handle;
    private boolean reading = true;
    private boolean connectedReported;
    private boolean bodyStarted;
    private boolean success;
    private boolean concluded;
    private int redirects;

    HttpBinding(BindingSetup setup, BindingEvents events) {
        this.setup = setup;
        this.events = events;
        this.type = setup.type();
    }

    @Override
    public void open(ConnectTarget connectTarget) {
        if (connectTarget.kind() == ConnectTarget.Kind.FILE) {
            conclude();
            events.failed(new IOException("file:// endpoints are not carried over HTTP (" + connectTarget.address() + ")"));
            return;
        }
        try {
            if (OnwardHttpRequest.carriesBody(type, setup.txLength(), setup.metadata())) {
                body = new TxBody(OnwardHttpRequest.bodyLength(type, setup.txLength(), setup.metadata()), events::writable);
            }
            URI uri = OnwardHttpRequest.uri(connectTarget);
            submit(OnwardHttpRequest.request(type, uri, setup.metadata(), body != null ? body : RequestBody.empty(),
                    type.name()), OnwardHttpRequest.key(type, connectTarget, setup.context().providers()));
        } catch (RuntimeException e) {
            conclude();
            events.failed(e);
        }
    }

    @Override
    public boolean write(ByteBuffer piece, int flags) {
        if (body == null || concluded) {
            piece.position(piece.limit());
            return true;
        }
        return body.offer(piece, flags);
    }

    @Override
    public void setReading(boolean on) {
        reading = on;
        if (exchange != null) {
            exchange.setReading(on);
        }
    }

    @Override
    public void close() {
        if (concluded) {
            return;
        }
        conclude();
        if (handle != null) {
            handle.cancel();
        }
    }

    // ---- the transaction

    private void submit(HttpRequest request, PoolKey key) {
        Response response = new Response();
        HttpExchange ex = new HttpExchange(request, response, 1);
        response.ex = ex;
        exchange = ex;
        if (!reading) {
            ex.setReading(false);
        }
        Duration connect = setup.context().connectTimeout();
        ExchangeOptions options = new ExchangeOptions(connect, connect, RESPONSE_DEADLINE, RESPONSE_DEADLINE);
        handle = setup.context().engines().on(setup.loop()).submit(key, ex, options, new Observer(ex));
        LOG.debug("{}: {} via {}", type.name(), request, key);
    }

    private void bound(HttpExchange ex) {
        if (ex == exchange && body != null && !connectedReported && !concluded) {
            connectedReported = true;
            events.connected();
        }
    }

    private void head(HttpExchange ex, ResponseHead head) {
        if (ex != exchange || concluded) {
            return;
        }
        int status = head.status();
        if (status == 503 || status == 429) {
            long wait = head.headers().first("Retry-After")
                    .flatMap(v -> RetryAfter.millis(v, setup.loop().currentTimeMicros() / 1000)).orElse(0L);
            conclude();
            cancelLater(handle);
            events.retryLater(new IOException("HTTP " + status + " for " + ex.request()), wait);
            return;
        }
        if (isRedirect(status)) {
            redirect(ex, status, head.headers().first("Location"));
            return;
        }
        for (MetadataItem item : type.metadata()) {
            Optional<String> header = item.httpHeaderName();
            if (header.isPresent()) {
                head.headers().first(header.get()).filter(v -> !v.isEmpty())
                        .ifPresent(v -> events.rxMetadata(item.name(), v.getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
        if (concluded) {
            return;
        }
        type.http().mappedState(status).ifPresent(events::userState);
        success = type.http().isSuccess(status);
        if (!connectedReported && !concluded) {
            connectedReported = true;
            events.connected();
        }
    }

    private void redirect(HttpExchange ex, int status, Optional<String> location) {
        if (type.http().failRedirect()) {
            LOG.info("{}: HTTP {} redirect for {}: a captive portal may be in the way", type.name(), status, ex.request());
        }
        String why;
        if (!type.allowRedirects()) {
            why = "redirects are not allowed by the policy (allow_redirects)";
        } else if (location.isEmpty()) {
            why = "it has no Location";
        } else if (redirects >= MAX_REDIRECTS) {
            why = "it is redirect number " + (redirects + 1) + " (" + MAX_REDIRECTS + " are followed)";
        } else {
            Optional<String> refusal = follow(ex, status, location.get());
            if (refusal.isEmpty()) {
                return;
            }
            why = refusal.get();
        }
        conclude();
        cancelLater(handle);
        fail(new IOException("HTTP " + status + " redirect for " + ex.request() + " refused: " + why));
    }

    /** Starts the request the redirect asks for; the reason it cannot, if it cannot. */
    private Optional<String> follow(HttpExchange ex, int status, String location) {
        URI next;
        try {
            next = ex.request().uri().resolve(URI.create(OnwardHttpRequest.escape(location)));
        } catch (IllegalArgumentException e) {
            return Optional.of("its Location '" + location + "' is not a URI");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null) {
            return Optional.of("its Location '" + location + "' is not an http(s) URL");
        }
        String method = redirectedMethod(ex.request().method(), status);
        boolean keepsBody = !method.equals("GET") && !method.equals("HEAD");
        if (keepsBody && body != null) {
            return Optional.of("the client's body cannot be sent twice");
        }
        boolean tls = scheme.equals("https");
        int port = next.getPort() >= 0 ? next.getPort() : tls ? 443 : 80;
        String path = (next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath())
                + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
        String host = next.getHost().startsWith("[") ? next.getHost().substring(1, next.getHost().length() - 1)
                : next.getHost();
        ConnectTarget to = new ConnectTarget(ConnectTarget.Kind.TCP, host, port, tls, path, type.protocol(),
                type.trustStore());
        HttpRequest.Builder b = HttpRequest.newBuilder(OnwardHttpRequest.uri(to));
        b.method(method, RequestBody.empty());
        ex.request().headers().fields().stream().filter(f -> !f.name().equalsIgnoreCase("Host"))
                .forEach(f -> b.header(f.name(), f.value()));
        redirects++;
        if (body != null) {
            body.abandon();
            body = null;
        }
        ExchangeHandle previous = handle;
        submit(b.build(), OnwardHttpRequest.key(type, to, setup.context().providers()));
        LOG.debug("{}: followed HTTP {} from {} to {}", type.name(), status, ex.request(), next);
        cancelLater(previous);
        return Optional.empty();
    }

    private void bodyPiece(HttpExchange ex, ByteBuffer chunk) {
        if (ex != exchange || concluded) {
            chunk.position(chunk.limit());
            return;
        }
        int flags = bodyStarted ? 0 : PayloadFlags.SOM;
        bodyStarted = true;
        events.rx(chunk, flags);
    }

    private void complete(HttpExchange ex) {
        if (ex != exchange || concluded) {
            return;
        }
        conclude();
        if (bodyStarted) {
            events.rx(EMPTY.duplicate(), PayloadFlags.EOM);
        }
        events.transactionDone(success);
    }

    private void error(HttpExchange ex, Throwable cause) {
        if (ex != exchange || concluded) {
            return;
        }
        conclude();
        fail(cause);
    }

    private void fail(Throwable cause) {
        if (connectedReported) {
            events.closed(cause);
        } else {
            events.failed(cause);
        }
    }

    private void conclude() {
        concluded = true;
        if (body != null) {
            body.abandon();
        }
    }

    private void cancelLater(ExchangeHandle h) {
        if (h != null) {
            setup.loop().execute(h::cancel);
        }
    }

    /** RFC 9110 §15.4: 303 asks for a GET (HEAD stays HEAD); 301 and 302 turn a POST into a GET; 307 and 308 keep the method. */
    static String redirectedMethod(String method, int status) {
        if (status == 303) {
            return method.equals("HEAD") ? "HEAD" : "GET";
        }
        if ((status == 301 || status == 302) && method.equals("POST")) {
            return "GET";
        }
        return method;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** One exchange's response, passed on while that exchange is the transaction's current one. */
    private final class Response implements ResponseHandler {
        private HttpExchange ex;

        @Override
        public void onHead(ResponseHead h, ConnectionInfo connection) {
            head(ex, h);
        }

        @Override
        public void onBody(ByteBuffer chunk) {
            bodyPiece(ex, chunk);
        }

        @Override
        public void onComplete() {
            complete(ex);
        }

        @Override
        public void onError(Throwable cause) {
            error(ex, cause);
        }
    }

    /** Tells the exchange what the engine says, and the binding when a connection carries it. */
    private final class Observer implements ExchangeObserver {
        private final HttpExchange ex;

        Observer(HttpExchange ex) {
            this.ex = ex;
        }

        @Override
        public void onBound(ConnectionInfo connection) {
            ex.onBound(connection);
            bound(ex);
        }

        @Override
        public void onCompleted() {
            ex.onCompleted();
        }

        @Override
        public void onFailed(Throwable cause) {
            ex.onFailed(cause);
        }
    }
}
