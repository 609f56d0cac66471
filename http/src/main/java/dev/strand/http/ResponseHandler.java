package dev.strand.http;

import dev.strand.core.net.engine.ConnectionInfo;
import java.nio.ByteBuffer;

/**
 * Receives one response as it arrives. Every call runs on the client's loop and must not block.
 * The order is {@code onHead}, any number of {@code onBody}, at most one {@code onTrailers}, then
 * {@code onComplete}; or {@code onError} at any point, after which nothing follows. Exactly one
 * of {@code onComplete} and {@code onError} is called. A handler that throws fails its own
 * exchange (its connection may close); no other exchange notices.
 */
public interface ResponseHandler {

    /** The final response head arrived over {@code connection}. */
    void onHead(ResponseHead head, ConnectionInfo connection);

    /** A piece of the body. {@code chunk} is valid only during this call: copy what must outlive it. */
    void onBody(ByteBuffer chunk);

    /** Trailer fields after a chunked body. */
    default void onTrailers(HttpHeaders trailers) {
    }

    /** The whole response arrived. */
    void onComplete();

    /** The exchange failed: connection, protocol, deadline, cancellation. */
    void onError(Throwable cause);
}
