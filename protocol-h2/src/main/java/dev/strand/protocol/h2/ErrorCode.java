package dev.strand.protocol.h2;

/**
 * HTTP/2 error codes (RFC 9113 §7), as sent in RST_STREAM and GOAWAY. Unknown codes received
 * from a peer are kept as numbers ({@link #nameOf}).
 */
public enum ErrorCode {
    NO_ERROR(0x0),
    PROTOCOL_ERROR(0x1),
    INTERNAL_ERROR(0x2),
    FLOW_CONTROL_ERROR(0x3),
    SETTINGS_TIMEOUT(0x4),
    STREAM_CLOSED(0x5),
    FRAME_SIZE_ERROR(0x6),
    REFUSED_STREAM(0x7),
    CANCEL(0x8),
    COMPRESSION_ERROR(0x9),
    CONNECT_ERROR(0xa),
    ENHANCE_YOUR_CALM(0xb),
    INADEQUATE_SECURITY(0xc),
    HTTP_1_1_REQUIRED(0xd);

    private static final ErrorCode[] BY_CODE = values();

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The code's name, or {@code 0x...} for a code this list does not know. */
    public static String nameOf(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code].name() : String.format("0x%x", code);
    }

    /** The code for a number, {@link #INTERNAL_ERROR} for unknown ones (RFC 9113 §7 says to treat them so). */
    public static ErrorCode of(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : INTERNAL_ERROR;
    }
}
