package dev.strand.protocol.ws;

import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How one WebSocket connects and behaves. Immutable; vary it with the {@code with...} methods.
 *
 * @param subprotocols     client: the subprotocols to offer, preferred first ({@code Sec-WebSocket-Protocol});
 *                         server: the ones it accepts, preferred first
 * @param headers          extra handshake request header fields ({@code Origin}, authorization, ...)
 * @param maxMessageSize   the largest incoming message, all fragments together; a larger one fails the
 *                         connection with 1009 as soon as a frame header announces it
 * @param fragmentSize     the largest frame payload sent: longer messages go out as fragments
 * @param deliverFragments deliver incoming messages as pieces ({@link WebSocketListener#onFragment})
 *                         instead of whole
 * @param closeTimeout     how long to wait for the peer's close frame after sending one, then the link
 *                         is closed anyway
 * @param pingAfterIdle    send a ping when nothing has arrived for this long; {@link Duration#ZERO} never
 * @param hangupAfterIdle  fail the connection when nothing has arrived for this long (the validity
 *                         check); {@link Duration#ZERO} never
 * @param timeouts         the handshake's deadlines in the connection engine (queue, connect, response)
 */
public record WebSocketOptions(List<String> subprotocols, HttpHeaders headers, long maxMessageSize, int fragmentSize,
                               boolean deliverFragments, Duration closeTimeout, Duration pingAfterIdle,
                               Duration hangupAfterIdle, ExchangeOptions timeouts) {

    /** Header fields the handshake writes itself; they cannot be given as extra headers. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions", "content-length",
            "transfer-encoding");

    /** No subprotocol, 16 MiB messages, 64 KiB fragments, whole messages, 5 s close timeout, no keepalive. */
    public static final WebSocketOptions DEFAULT = new WebSocketOptions(List.of(), HttpHeaders.builder().build(),
            16L << 20, 64 << 10, false, Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, ExchangeOptions.DEFAULT);

    public WebSocketOptions {
        subprotocols = List.copyOf(subprotocols);
        for (String p : subprotocols) {
            if (!HttpHeaders.isToken(p)) {
                throw new IllegalArgumentException("subprotocol '" + p + "' is not an HTTP token");
            }
        }
        Objects.requireNonNull(headers, "headers");
        for (HttpHeaders.Field f : headers.fields()) {
            if (OWN_HEADERS.contains(f.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(f.name() + " is written by the handshake; it cannot be set");
            }
        }
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative: " + maxMessageSize);
        }
        if (fragmentSize < 1) {
            throw new IllegalArgumentException("fragmentSize must be at least 1: " + fragmentSize);
        }
        requirePositive(closeTimeout, "closeTimeout");
        requireNotNegative(pingAfterIdle, "pingAfterIdle");
        requireNotNegative(hangupAfterIdle, "hangupAfterIdle");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    public WebSocketOptions withSubprotocols(List<String> protocols) {
        return new WebSocketOptions(protocols, headers, maxMessageSize, fragmentSize, deliverFragments, closeTimeout,
                pingAfterIdle, hangupAfterIdle, timeouts);
    }

    public WebSocketOptions withHeaders(HttpHeaders h) {
        return new WebSocketOptions(subprotocols, h, maxMessageSize, fragmentSize, deliverFragments, closeTimeout,
                pingAfterIdle, hangupAfterIdle, timeouts);
    }

    public WebSocketOptions withMaxMessageSize(long bytes) {
        return new WebSocketOptions(subprotocols, headers, bytes, fragmentSize, deliverFragments, closeTimeout,
                pingAfterIdle, hangupAfterIdle, timeouts);
    }

    public WebSocketOptions withFragmentSize(int bytes) {
        return new WebSocketOptions(subprotocols, headers, maxMessageSize, bytes, deliverFragments, closeTimeout,
                pingAfterIdle, hangupAfterIdle, timeouts);
    }

    public WebSocketOptions withDeliverFragments(boolean on) {
        return new WebSocketOptions(subprotocols, headers, maxMessageSize, fragmentSize, on, closeTimeout,
                pingAfterIdle, hangupAfterIdle, timeouts);
    }

    public WebSocketOptions withCloseTimeout(Duration d) {
        return new WebSocketOptions(subprotocols, headers, maxMessageSize, fragmentSize, deliverFragments, d,
                pingAfterIdle, hangupAfterIdle, timeouts);
    }

    /** Keepalive: ping after {@code ping} without traffic, fail the connection after {@code hangup} without traffic. */
    public WebSocketOptions withKeepalive(Duration ping, Duration hangup) {
        return new WebSocketOptions(subprotocols, headers, maxMessageSize, fragmentSize, deliverFragments, closeTimeout,
                ping, hangup, timeouts);
    }

    public WebSocketOptions withTimeouts(ExchangeOptions t) {
        return new WebSocketOptions(subprotocols, headers, maxMessageSize, fragmentSize, deliverFragments, closeTimeout,
                pingAfterIdle, hangupAfterIdle, t);
    }

    private static void requirePositive(Duration d, String name) {
        requireNotNegative(d, name);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
