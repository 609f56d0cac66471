package dev.strand.core.net.engine;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.TlsOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which connections an exchange may share: two exchanges ride the same connection only when
 * their keys are equal. The key holds every input that changes who is at the other end or what
 * the bytes mean (lws compares only host, port and the TLS bit, {@code spec/queueing.md} E6-E13):
 *
 * <ul>
 *   <li>{@code scheme}: the scheme of the origin the exchanges address, lower case (an opaque label
 *       to the engine);</li>
 *   <li>{@code endpoint}: where the transport connects, host and port included. Everything else
 *       about the route is part of the endpoint too: a proxy or tunnel is a layered scheme
 *       ({@code outer+inner:...}) and a local bind address is an endpoint parameter, so both
 *       take part in equality;</li>
 *   <li>{@code tls}: the whole TLS policy: server name, trusted CAs, ALPN offer, client
 *       certificate. A request that trusts fewer CAs never rides a session another request
 *       verified more leniently;</li>
 *   <li>{@code protocol}: the protocol to speak when ALPN does not choose one (cleartext, or a
 *       server that picked nothing).</li>
 * </ul>
 *
 * Immutable value; never changes after a connection is made (unlike lws's port, E12).
 */
public record PoolKey(String scheme, Endpoint endpoint, Optional<TlsOptions> tls, String protocol) {

    public PoolKey {
        Objects.requireNonNull(scheme, "scheme");
        scheme = scheme.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** A cleartext key. */
    public static PoolKey plain(String scheme, Endpoint endpoint, String protocol) {
        return new PoolKey(scheme, endpoint, Optional.empty(), protocol);
    }

    /** A TLS key. */
    public static PoolKey tls(String scheme, Endpoint endpoint, TlsOptions tls, String protocol) {
        return new PoolKey(scheme, endpoint, Optional.of(tls), protocol);
    }

    /** What the transport is asked for when this key opens a connection. */
    public ConnectOptions connectOptions(Duration connectTimeout) {
        return new ConnectOptions(connectTimeout, tls);
    }

    /** Short form for logs: {@code scheme|endpoint|tls:server-name[alpn]|protocol}; never prints key material. */
    @Override
    public String toString() {
        return scheme + "|" + endpoint + (tls.isPresent() ? "|tls:" + tls.get().serverName()
                + (tls.get().alpn().isEmpty() ? "" : tls.get().alpn().toString()) : "") + "|" + protocol;
    }
}
