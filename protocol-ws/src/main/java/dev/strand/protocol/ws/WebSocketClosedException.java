package dev.strand.protocol.ws;

import java.io.IOException;

/**
 * A WebSocket ended: given to pending round trips and to {@link WebSocketListener#onClosed} as
 * the cause when the connection closed without a close handshake (code 1006) or timed out
 * waiting for one.
 */
public final class WebSocketClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public WebSocketClosedException(int code, String message) {
        super(message);
        this.code = code;
    }

    public WebSocketClosedException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The close code reported locally for this end (1006 when there was no close handshake). */
    public int code() {
        return code;
    }
}
