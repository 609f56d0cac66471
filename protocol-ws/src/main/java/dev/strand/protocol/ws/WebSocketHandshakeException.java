package dev.strand.protocol.ws;

import java.io.IOException;

/**
 * The opening handshake failed: the server answered something other than {@code 101}, or a
 * {@code 101} that does not complete a WebSocket upgrade (wrong {@code Sec-WebSocket-Accept},
 * missing {@code Upgrade}, a subprotocol or extension that was not offered). Carries the status
 * and the start of the body, so a refusal can be read in one log line.
 */
public final class WebSocketHandshakeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String bodyExcerpt;

    public WebSocketHandshakeException(int status, String bodyExcerpt, String message) {
        super(message);
        this.status = status;
        this.bodyExcerpt = bodyExcerpt;
    }

    /** The HTTP status the server answered with. */
    public int status() {
        return status;
    }

    /** The first bytes of the response body (as ISO-8859-1 text, control characters escaped); may be empty. */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }
}
