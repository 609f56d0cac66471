package dev.strand.protocol.ws;

import java.nio.charset.StandardCharsets;

/**
 * The numbers of RFC 6455 in one place: frame header bits, opcodes, length encodings, control
 * frame limits, close codes (which ones may appear on the wire) and the handshake constants.
 * Nothing else in Strand spells these numbers.
 */
public final class WsWire {

    private WsWire() {
    }

    // ---- frame header (RFC 6455 §5.2) -------------------------------------------------------

    /** First byte: the frame is the last of its message. */
    public static final int FIN = 0x80;
    /** First byte: RSV1, RSV2, RSV3; non-zero only with a negotiated extension. */
    public static final int RSV_MASK = 0x70;
    /** First byte: the opcode. */
    public static final int OPCODE_MASK = 0x0F;
    /** Second byte: the payload is masked with a 4-byte key. */
    public static final int MASKED = 0x80;
    /** Second byte: the 7-bit payload length field. */
    public static final int LENGTH_MASK = 0x7F;
    /** 7-bit length value announcing a 16-bit length. */
    public static final int LENGTH_16 = 126;
    /** 7-bit length value announcing a 64-bit length. */
    public static final int LENGTH_64 = 127;
    /** Bytes of a masking key. */
    public static final int MASK_KEY_LENGTH = 4;
    /** Largest frame header: 2 bytes, 8 bytes of length, 4 bytes of mask key. */
    public static final int MAX_HEADER_LENGTH = 14;

    // ---- opcodes (§5.2, §11.8) --------------------------------------------------------------

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    /** Whether {@code opcode} is a control frame's (close, ping, pong and the reserved 0xB-0xF). */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** Whether {@code opcode} is one RFC 6455 defines; the others (3-7, 0xB-0xF) are reserved. */
    public static boolean isDefinedOpcode(int opcode) {
        return opcode <= OP_BINARY || (opcode >= OP_CLOSE && opcode <= OP_PONG);
    }

    /** A name for logs and error messages. */
    public static String opcodeName(int opcode) {
        return switch (opcode) {
            case OP_CONTINUATION -> "continuation";
            case OP_TEXT -> "text";
            case OP_BINARY -> "binary";
            case OP_CLOSE -> "close";
            case OP_PING -> "ping";
            case OP_PONG -> "pong";
            default -> "reserved opcode 0x" + Integer.toHexString(opcode);
        };
    }

    // ---- limits -----------------------------------------------------------------------------

    /** Largest control frame payload (§5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** Largest close reason in bytes: the control payload less the 2-byte code. */
    public static final int MAX_CLOSE_REASON = MAX_CONTROL_PAYLOAD - 2;

    // ---- close codes (§7.4.1, IANA registry) ------------------------------------------------

    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_UNSUPPORTED_DATA = 1003;
    /** Reserved; never sent. */
    public static final int CLOSE_RESERVED = 1004;
    /** "No status code was present": reported locally, never sent. */
    public static final int CLOSE_NO_STATUS = 1005;
    /** "Closed without a close frame": reported locally, never sent. */
    public static final int CLOSE_ABNORMAL = 1006;
    public static final int CLOSE_INVALID_PAYLOAD = 1007;
    public static final int CLOSE_POLICY_VIOLATION = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_MANDATORY_EXTENSION = 1010;
    public static final int CLOSE_INTERNAL_ERROR = 1011;
    public static final int CLOSE_SERVICE_RESTART = 1012;
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;
    public static final int CLOSE_BAD_GATEWAY = 1014;
    /** "The TLS handshake failed": reported locally, never sent. */
    public static final int CLOSE_TLS_HANDSHAKE = 1015;
    /** First code for libraries, frameworks and applications (3000-3999 registered, 4000-4999 private). */
    public static final int CLOSE_APPLICATION_FIRST = 3000;
    public static final int CLOSE_APPLICATION_LAST = 4999;

    /**
     * Whether {@code code} may appear in a close frame on the wire: 1000-1003, 1007-1014 and
     * 3000-4999. 1004 is reserved; 1005, 1006 and 1015 are only ever reported locally; the rest
     * of 0-2999 is unassigned or reserved for this specification.
     */
    public static boolean isSendableCloseCode(int code) {
        return (code >= CLOSE_NORMAL && code <= CLOSE_UNSUPPORTED_DATA)
                || (code >= CLOSE_INVALID_PAYLOAD && code <= CLOSE_BAD_GATEWAY)
                || (code >= CLOSE_APPLICATION_FIRST && code <= CLOSE_APPLICATION_LAST);
    }

    // ---- handshake (§1.3, §4) ---------------------------------------------------------------

    /** The only protocol version defined. */
    public static final String VERSION = "13";
    /** Appended to the client's key before hashing it into {@code Sec-WebSocket-Accept}. */
    public static final byte[] ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of random nonce in {@code Sec-WebSocket-Key} (before base64). */
    public static final int KEY_NONCE_LENGTH = 16;
    /** The status of a successful upgrade. */
    public static final int STATUS_SWITCHING_PROTOCOLS = 101;
}
