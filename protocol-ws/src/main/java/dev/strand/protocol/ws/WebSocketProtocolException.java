package dev.strand.protocol.ws;

import java.io.IOException;

/**
 * The peer broke RFC 6455: a malformed or forbidden frame, a message over the size limit, text
 * that is not UTF-8, a bad close frame. It names the {@link Problem} and carries the close code
 * the connection was failed with; only that connection is closed.
 */
public final class WebSocketProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What was wrong, and the close code it earns. */
    public enum Problem {
        RESERVED_OPCODE(WsWire.CLOSE_PROTOCOL_ERROR),
        RESERVED_BITS(WsWire.CLOSE_PROTOCOL_ERROR),
        MASKED_SERVER_FRAME(WsWire.CLOSE_PROTOCOL_ERROR),
        UNMASKED_CLIENT_FRAME(WsWire.CLOSE_PROTOCOL_ERROR),
        CONTROL_FRAME_TOO_LONG(WsWire.CLOSE_PROTOCOL_ERROR),
        FRAGMENTED_CONTROL_FRAME(WsWire.CLOSE_PROTOCOL_ERROR),
        CONTINUATION_WITHOUT_START(WsWire.CLOSE_PROTOCOL_ERROR),
        MESSAGE_NOT_FINISHED(WsWire.CLOSE_PROTOCOL_ERROR),
        LENGTH_TOO_LARGE(WsWire.CLOSE_PROTOCOL_ERROR),
        MESSAGE_TOO_BIG(WsWire.CLOSE_TOO_BIG),
        INVALID_UTF8_TEXT(WsWire.CLOSE_INVALID_PAYLOAD),
        INVALID_UTF8_CLOSE_REASON(WsWire.CLOSE_INVALID_PAYLOAD),
        INVALID_CLOSE_CODE(WsWire.CLOSE_PROTOCOL_ERROR),
        CLOSE_PAYLOAD_ONE_BYTE(WsWire.CLOSE_PROTOCOL_ERROR),
        DATA_AFTER_CLOSE(WsWire.CLOSE_PROTOCOL_ERROR);

        private final int closeCode;

        Problem(int closeCode) {
            this.closeCode = closeCode;
        }

        /** The close code a connection failed for this problem is closed with. */
        public int closeCode() {
            return closeCode;
        }
    }

    private final Problem problem;

    public WebSocketProtocolException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The close code sent to the peer (1002, 1007 or 1009). */
    public int closeCode() {
        return problem.closeCode();
    }
}
