package dev.strand.protocol.h2;

import dev.strand.http.HttpExchange;

/**
 * One request/response stream of a session: its exchange, identifier, flow-control windows and
 * how far it has got. Confined to the session's loop.
 */
final class H2Stream {

    final HttpExchange exchange;
    int id;
    /** Bytes the peer lets us send on this stream. */
    long sendWindow;
    /** Bytes we still let the peer send on this stream. */
    long receiveWindow;
    /** Bytes received and delivered but not yet given back with WINDOW_UPDATE. */
    int unacknowledged;
    /** The exchange's owner paused the response: no WINDOW_UPDATE for this stream until it resumes. */
    boolean paused;
    boolean headersSent;
    boolean requestSent;
    boolean headDelivered;
    int status;
    long declaredLength = -1;
    long received;
    RequestBodySender body;

    H2Stream(HttpExchange exchange) {
        this.exchange = exchange;
    }

    /** Whether the peer may have acted on the request: its HEADERS went out. */
    boolean maybeProcessed() {
        return headersSent;
    }

    @Override
    public String toString() {
        return "stream " + id + " (" + exchange + ")";
    }
}
