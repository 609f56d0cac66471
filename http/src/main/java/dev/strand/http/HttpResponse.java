package dev.strand.http;

import dev.strand.core.net.engine.ConnectionInfo;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A complete response, body collected in memory. Immutable (the body array is not copied on
 * access: do not modify it).
 *
 * @param head       status line and headers
 * @param body       the body bytes
 * @param trailers   trailer fields ({@link HttpHeaders#EMPTY} if none)
 * @param connection the connection that carried the exchange
 */
public record HttpResponse(ResponseHead head, byte[] body, HttpHeaders trailers, ConnectionInfo connection) {

    public HttpResponse {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(trailers, "trailers");
        Objects.requireNonNull(connection, "connection");
    }

    public int status() {
        return head.status();
    }

    public HttpHeaders headers() {
        return head.headers();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return head.version() + " " + head.status() + " (" + body.length + " bytes, connection #" + connection.id() + ")";
    }
}
