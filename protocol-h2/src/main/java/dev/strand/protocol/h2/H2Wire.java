package dev.strand.protocol.h2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Every number HTTP/2 puts on the wire (RFC 9113), defined here and nowhere else: the connection
 * preface, the frame header layout, frame types, flags, settings identifiers and their limits.
 * Error codes are {@link ErrorCode}.
 */
final class H2Wire {

    /** The client connection preface (RFC 9113 §3.4). */
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Length (24 bits), type, flags, reserved bit and stream identifier (31 bits). */
    static final int FRAME_HEADER_LENGTH = 9;

    // frame types (RFC 9113 §6)
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PUSH_PROMISE = 0x5;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    // flags
    static final int FLAG_END_STREAM = 0x1;
    static final int FLAG_ACK = 0x1;
    static final int FLAG_END_HEADERS = 0x4;
    static final int FLAG_PADDED = 0x8;
    static final int FLAG_PRIORITY = 0x20;

    // settings identifiers (RFC 9113 §6.5.2)
    static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    static final int SETTINGS_ENABLE_PUSH = 0x2;
    static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    /** One setting: a 16-bit identifier and a 32-bit value. */
    static final int SETTING_LENGTH = 6;

    // payload sizes of fixed-size frames
    static final int PRIORITY_LENGTH = 5;
    static final int RST_STREAM_LENGTH = 4;
    static final int PING_LENGTH = 8;
    static final int WINDOW_UPDATE_LENGTH = 4;
    static final int GOAWAY_MIN_LENGTH = 8;

    // defaults and limits
    static final int DEFAULT_WINDOW = 65_535;
    static final int MAX_WINDOW = Integer.MAX_VALUE;
    static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    static final int MAX_MAX_FRAME_SIZE = 16_777_215;
    static final int DEFAULT_HEADER_TABLE_SIZE = 4_096;
    static final int MAX_STREAM_ID = Integer.MAX_VALUE;
    static final int STREAM_ID_MASK = 0x7fff_ffff;

    private H2Wire() {
    }

    /** The name of a frame type for messages ({@code UNKNOWN(0x0b)} for extensions). */
    static String frameName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case HEADERS -> "HEADERS";
            case PRIORITY -> "PRIORITY";
            case RST_STREAM -> "RST_STREAM";
            case SETTINGS -> "SETTINGS";
            case PUSH_PROMISE -> "PUSH_PROMISE";
            case PING -> "PING";
            case GOAWAY -> "GOAWAY";
            case WINDOW_UPDATE -> "WINDOW_UPDATE";
            case CONTINUATION -> "CONTINUATION";
            default -> String.format("UNKNOWN(0x%02x)", type);
        };
    }

    /** Writes a frame header into {@code out}. */
    static void writeFrameHeader(ByteBuffer out, int length, int type, int flags, int streamId) {
        out.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
                .put((byte) type).put((byte) flags).putInt(streamId & STREAM_ID_MASK);
    }
}
