package dev.strand.secure.streams.policy;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.TlsOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how one connection of a streamtype goes, once {@code ${meta}} substitutions are made
 * ({@link StreamType#connectTarget}). Immutable. The expanded {@code endpoint} is read as lws reads
 * it:
 * <ul>
 *   <li>{@code file://path}: a local file read as rx;</li>
 *   <li>{@code +/path}, {@code +@name}: a Unix socket (file system, abstract namespace);</li>
 *   <li>{@code scheme://host[:port][/path]}: the URL decides host, port and path; {@code http},
 *       {@code ws} and {@code mqtt} turn TLS off, {@code https} and {@code wss} turn it on;
 *       http/ws default to port 80 and https/wss to 443 (mqtt keeps the policy's port); a URL
 *       without a path asks for {@code /}; {@code scheme://+/path:0/x} names a Unix socket;</li>
 *   <li>{@code host[:port][/path]}: the policy's TLS; a port or path given here replaces the
 *       policy's {@code port} or {@code http_url}; IPv6 hosts go in brackets.</li>
 * </ul>
 * Two deliberate differences from lws: {@code host:port} without a path keeps {@code http_url}
 * (lws asks for {@code /} instead), and the request path has exactly one leading {@code /} for
 * every protocol (lws strips one for h1 but doubles it for ws and h2, issue #3318).
 *
 * @param kind       TCP, a Unix socket, or a local file read as rx
 * @param address    the host (no IPv6 brackets), the socket ({@code /path} or abstract {@code @name}), the file,
 *                   or a Strand endpoint's text
 * @param port       the TCP port (0 for Unix sockets and files)
 * @param tls        whether TLS runs over the link
 * @param path       the HTTP request path: always exactly one leading {@code /}, for every protocol
 * @param protocol   the streamtype's protocol
 * @param trustStore the CAs to trust, or empty for the JDK's defaults
 */
public record ConnectTarget(Kind kind, String address, int port, boolean tls, String path, Protocol protocol,
                            Optional<TrustStore> trustStore) {

    /** What sort of place the connection goes to. */
    public enum Kind {
        /** A TCP host and port. */
        TCP,
        /** A Unix socket: a file-system path, or {@code @name} in Linux's abstract namespace. */
        UNIX,
        /** A local file read as rx ({@code file://} endpoints, lws HEAD). */
        FILE,
        /**
         * Any Strand endpoint ({@code exec:COMMAND}, {@code mem:NAME}, ...), from Strand's
         * {@code strand_transport_endpoint} key; the address is the endpoint's text.
         */
        TRANSPORT
    }

    public ConnectTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(trustStore, "trustStore");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /**
     * The transport endpoint: {@code tcp:host:port}, {@code unix:/path} / {@code unix:@name}, or
     * a {@link Kind#TRANSPORT} target's own endpoint.
     *
     * @throws IllegalStateException for a {@link Kind#FILE} target, which no transport serves
     */
    public Endpoint endpoint() {
        return switch (kind) {
            case TCP -> Endpoint.of("tcp", (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port);
            case UNIX -> Endpoint.of("unix", address);
            case TRANSPORT -> Endpoint.parse(address);
            case FILE -> throw new IllegalStateException("a file:// target has no transport endpoint: " + address);
        };
    }

    /**
     * The TLS settings for this connection, if it uses TLS: the host as server name, the
     * protocol's ALPN names, and the trust store's CAs (the JDK's defaults without one).
     */
    public Optional<TlsOptions> tlsOptions() {
        if (!tls) {
            return Optional.empty();
        }
        TlsOptions options = TlsOptions.to(kind == Kind.TCP ? address : "localhost").offering(protocol.alpn());
        return Optional.of(trustStore.map(ts -> ts.applyTo(options)).orElse(options));
    }
}
