package dev.strand.api.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a link: the connect deadline and, for transports that can do it, TLS.
 * Immutable; build variations with the {@code with...} methods.
 *
 * @param connectTimeout how long the transport may take before reporting failure
 * @param tls            TLS to run over the link, or empty for plain bytes
 */
public record ConnectOptions(Duration connectTimeout, Optional<TlsOptions> tls) {

    /** Plain bytes, 10 s to connect. */
    public static final ConnectOptions DEFAULT = new ConnectOptions(Duration.ofSeconds(10), Optional.empty());

    public ConnectOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(tls, "tls");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
    }

    public ConnectOptions withConnectTimeout(Duration timeout) {
        return new ConnectOptions(timeout, tls);
    }

    public ConnectOptions withTls(TlsOptions options) {
        return new ConnectOptions(connectTimeout, Optional.of(options));
    }
}
