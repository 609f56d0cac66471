package dev.strand.http;

import dev.strand.core.net.engine.ExchangeOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request: method, absolute {@code http} or {@code https} URI, header fields, body and,
 * optionally, its own deadlines. Immutable and reusable: the same request may be sent many
 * times (its body is subscribed to once per send, so a streamed body allows one send only).
 *
 * <p>{@code Content-Length} and {@code Transfer-Encoding} are not set by hand: the protocol
 * derives them from the body. {@code Host} defaults to the URI's authority.
 */
public final class HttpRequest {

    private final String method;
    private final URI uri;
    private final HttpHeaders headers;
    private final RequestBody body;
    private final Optional<ExchangeOptions> timeouts;

    private HttpRequest(Builder b) {
        this(b.method, b.uri, b.headers.build(), b.body, Optional.ofNullable(b.timeouts));
    }

    private HttpRequest(String method, URI uri, HttpHeaders headers, RequestBody body, Optional<ExchangeOptions> timeouts) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        this.timeouts = timeouts;
    }

    /** A GET of {@code uri}. */
    public static HttpRequest get(String uri) {
        return newBuilder(URI.create(uri)).build();
    }

    /** A builder for a request to {@code uri}, GET with no body until told otherwise. */
    public static Builder newBuilder(URI uri) {
        return new Builder(uri);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public RequestBody body() {
        return body;
    }

    /** Deadlines for this request; empty uses the client's. */
    public Optional<ExchangeOptions> timeouts() {
        return timeouts;
    }

    /** {@code http} or {@code https}, lower case. */
    public String scheme() {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /** The host, lower case, without IPv6 brackets. */
    public String host() {
        String h = uri.getHost().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The port, or the scheme's default. */
    public int port() {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme());
    }

    /** {@code host[:port]} as the Host header writes it: the port only when it is not the default. */
    public String authority() {
        String h = uri.getHost();
        return uri.getPort() < 0 || uri.getPort() == defaultPort(scheme()) ? h : h + ":" + uri.getPort();
    }

    /** The origin-form request target: path (at least {@code /}) and query. */
    public String target() {
        String path = uri.getRawPath();
        String t = path == null || path.isEmpty() ? "/" : path;
        return uri.getRawQuery() == null ? t : t + "?" + uri.getRawQuery();
    }

    /** This request with one more header field (validated as {@link Builder#header} does). */
    public HttpRequest withHeader(String name, String value) {
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " is derived from the request body; it cannot be set");
        }
        return new HttpRequest(method, uri, headers.toBuilder().add(name, value).build(), body, timeouts);
    }

    /** RFC 9110 idempotent method and a body that can be sent again. */
    public boolean idempotent() {
        return HttpMethods.isIdempotent(method) && body.replayable();
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }

    static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** Builds a {@link HttpRequest}. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private String method = "GET";
        private RequestBody body = RequestBody.empty();
        private final HttpHeaders.Builder headers = HttpHeaders.builder();
        private ExchangeOptions timeouts;

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("'" + uri + "' is not an http or https URI");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("'" + uri + "' has no host");
            }
            this.uri = uri;
        }

        /** Any method (a token, case-sensitive) with a body. */
        public Builder method(String name, RequestBody requestBody) {
            if (!HttpHeaders.isToken(Objects.requireNonNull(name, "method"))) {
                throw new IllegalArgumentException("method '" + name + "' is not a token");
            }
            this.method = name;
            this.body = Objects.requireNonNull(requestBody, "body");
            return this;
        }

        public Builder GET() {
            return method("GET", RequestBody.empty());
        }

        public Builder HEAD() {
            return method("HEAD", RequestBody.empty());
        }

        public Builder DELETE() {
            return method("DELETE", RequestBody.empty());
        }

        public Builder POST(RequestBody requestBody) {
            return method("POST", requestBody);
        }

        public Builder PUT(RequestBody requestBody) {
            return method("PUT", requestBody);
        }

        /**
         * Adds a header field.
         *
         * @throws IllegalArgumentException for an invalid field, or for {@code Content-Length} and
         *                                  {@code Transfer-Encoding}, which come from the body
         */
        public Builder header(String name, String value) {
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new IllegalArgumentException(name + " is derived from the request body; it cannot be set");
            }
            headers.add(name, value);
            return this;
        }

        public Builder timeouts(ExchangeOptions options) {
            this.timeouts = Objects.requireNonNull(options, "timeouts");
            return this;
        }

        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }
}
