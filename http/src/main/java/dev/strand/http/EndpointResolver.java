package dev.strand.http;

import dev.strand.api.Endpoint;

/**
 * Decides where the transport connects for a request's origin. The default connects TCP to the
 * URI's host and port; tests and embedders route origins elsewhere (an in-JVM {@code mem:} server,
 * a Unix socket, a layered transport), like curl's {@code --connect-to}. The result is part of
 * the pool key, so differently routed origins never share connections. It should answer the same
 * for the same origin: a client may reuse the answer it got for the origin it sent to last.
 */
@FunctionalInterface
public interface EndpointResolver {

    /** TCP to host:port. */
    EndpointResolver TCP = (scheme, host, port) ->
            Endpoint.of("tcp", (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port);

    Endpoint resolve(String scheme, String host, int port);
}
