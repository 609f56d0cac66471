package dev.strand.transport.wsi.internal;

import dev.strand.api.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An endpoint the {@code wsi} transport can serve, taken apart: a TCP host and port, a Unix socket
 * path, or a Linux abstract name (the text after {@code @}). Immutable.
 */
public final class Target {

    /** The kinds of socket. */
    public enum Type { TCP, UNIX_PATH, UNIX_ABSTRACT }

    /** {@code sizeof(struct sockaddr_un.sun_path)} on Linux. */
    private static final int SUN_PATH_BYTES = 108;

    private final Endpoint endpoint;
    private final Type type;
    private final String host;
    private final int port;
    private final String unixName;

    private Target(Endpoint endpoint, Type type, String host, int port, String unixName) {
        this.endpoint = endpoint;
        this.type = type;
        this.host = host;
        this.port = port;
        this.unixName = unixName;
    }

    /**
     * @throws IllegalArgumentException if the endpoint is not {@code tcp:} or {@code unix:}, or a
     *         Unix name does not fit a {@code sockaddr_un}
     */
    public static Target of(Endpoint endpoint) {
        switch (endpoint.scheme()) {
            case "tcp":
                return new Target(endpoint, Type.TCP, endpoint.host(), endpoint.port(), null);
            case "unix": {
                String address = endpoint.address();
                boolean isAbstract = endpoint.isAbstractUnix();
                String name = isAbstract ? address.substring(1) : address;
                // abstract: a leading NUL, then the name; path: the path, then a terminating NUL
                int bytes = name.getBytes(StandardCharsets.UTF_8).length + 1;
                if (bytes > SUN_PATH_BYTES) {
                    throw new IllegalArgumentException("endpoint " + endpoint + ": a Unix socket "
                            + (isAbstract ? "name" : "path") + " takes at most " + (SUN_PATH_BYTES - 1)
                            + " bytes, this one " + (bytes - 1));
                }
                return new Target(endpoint, isAbstract ? Type.UNIX_ABSTRACT : Type.UNIX_PATH, null, -1, name);
            }
            default:
                throw new IllegalArgumentException("the wsi transport serves unix: and tcp: endpoints, not "
                        + endpoint);
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public Type type() {
        return type;
    }

    public boolean isTcp() {
        return type == Type.TCP;
    }

    /** For TCP: the host. */
    public String host() {
        return host;
    }

    /** For TCP: the port. */
    public int port() {
        return port;
    }

    /** For a Unix path: the path. */
    public Path path() {
        return Path.of(unixName);
    }

    /** For an abstract Unix socket: the name without the {@code @}. */
    public String abstractName() {
        return unixName;
    }

    /** For TCP: an address that Netty resolves on the event loop when it connects. */
    public InetSocketAddress unresolvedTcp() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** For TCP: the address to bind, resolved now. */
    public InetSocketAddress resolvedTcp() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
