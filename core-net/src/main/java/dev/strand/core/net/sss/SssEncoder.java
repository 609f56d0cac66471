package dev.strand.core.net.sss;

import static dev.strand.core.net.sss.SssWire.CONNSTATE_ORDINAL_SIZE;
import static dev.strand.core.net.sss.SssWire.CREATE_RESULT_FIXED_SIZE;
import static dev.strand.core.net.sss.SssWire.HEADER_SIZE;
import static dev.strand.core.net.sss.SssWire.MAX_METADATA_NAME;
import static dev.strand.core.net.sss.SssWire.MAX_REM;
import static dev.strand.core.net.sss.SssWire.MAX_RIDESHARE_COMMAS;
import static dev.strand.core.net.sss.SssWire.MAX_RIDESHARE_LIST;
import static dev.strand.core.net.sss.SssWire.MAX_RIDESHARE_NAME;
import static dev.strand.core.net.sss.SssWire.MAX_STREAMTYPE_NAME;
import static dev.strand.core.net.sss.SssWire.METADATA_FIXED_SIZE;
import static dev.strand.core.net.sss.SssWire.PAYLOAD_HEADER_SIZE;
import static dev.strand.core.net.sss.SssWire.PAYLOAD_SUBHEADER_SIZE;
import static dev.strand.core.net.sss.SssWire.PROTOCOL_VERSION;
import static dev.strand.core.net.sss.SssWire.STREAMTYPE_FIXED_SIZE;
import static dev.strand.core.net.sss.SssWire.WORD_BODY_SIZE;

import dev.strand.api.ss.PayloadFlags;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes Serialized Secure Streams frames byte for byte as wire.md §1.4 lays them out. Each
 * method puts one whole frame (or, for payloads, the header that precedes the payload bytes) at
 * the buffer's position and advances it; the {@code ...Size} methods say how much room a frame
 * takes. Arguments an lws peer would refuse (names too long or empty, a rideshare list with more
 * than three entries, an empty metadata value) throw {@link IllegalArgumentException}, so a
 * Strand peer never puts such a frame on the wire. Stateless; no allocation.
 */
public final class SssEncoder {

    /** The size of a frame whose body is one 32-bit word: credit, timeout, length hint. */
    public static final int WORD_FRAME_SIZE = HEADER_SIZE + WORD_BODY_SIZE;

    private SssEncoder() {
    }

    /** Room for a STREAMTYPE frame naming {@code streamType}. */
    public static int streamTypeSize(String streamType) {
        return HEADER_SIZE + STREAMTYPE_FIXED_SIZE + streamType.length();
    }

    /** STREAMTYPE: version 1, the client's pid, its initial peer tx credit, the streamtype name (1..31 ASCII). */
    public static void streamType(ByteBuffer out, long pid, int initialTxCredit, String streamType) {
        checkName(SssFrameType.STREAMTYPE, "streamtype name", streamType, MAX_STREAMTYPE_NAME);
        header(out, SssFrameType.STREAMTYPE, STREAMTYPE_FIXED_SIZE + streamType.length());
        out.put((byte) PROTOCOL_VERSION);
        out.putInt((int) pid);
        out.putInt(initialTxCredit);
        putAscii(out, streamType);
    }

    /** ONWARD_CONNECT: {@code AB 00 00}. */
    public static void onwardConnect(ByteBuffer out) {
        header(out, SssFrameType.ONWARD_CONNECT, 0);
    }

    /** DESTROYING: {@code AC 00 00} (defined, harmless, never sent by lws). */
    public static void destroying(ByteBuffer out) {
        header(out, SssFrameType.DESTROYING, 0);
    }

    /** Room for a TX_PAYLOAD or RX_PAYLOAD header, with the rideshare prefix if {@code rideshare} is not null. */
    public static int payloadHeaderSize(String rideshare) {
        return PAYLOAD_HEADER_SIZE + (rideshare == null ? 0 : 1 + rideshare.length());
    }

    /**
     * The header of a TX_PAYLOAD or RX_PAYLOAD frame carrying {@code payloadLength} bytes, which
     * the caller puts right after it. The RIDESHARE flag is set exactly when {@code rideshare} is
     * given; {@code holdOrLatency} is the client's hold time in µs (TX) or 0 (RX, as lws sends),
     * {@code micros} the sender's monotonic clock in µs.
     */
    public static void payloadHeader(ByteBuffer out, SssFrameType type, int flags, int holdOrLatency,
                                     long micros, String rideshare, int payloadLength) {
        if (type != SssFrameType.TX_PAYLOAD && type != SssFrameType.RX_PAYLOAD) {
            throw new IllegalArgumentException(type.label() + " is not a payload frame");
        }
        int prefix = 0;
        int f = flags & ~PayloadFlags.RIDESHARE;
        if (rideshare != null) {
            checkName(type, "rideshare name", rideshare, MAX_RIDESHARE_NAME);
            prefix = 1 + rideshare.length();
            f |= PayloadFlags.RIDESHARE;
        }
        int rem = PAYLOAD_SUBHEADER_SIZE + prefix + payloadLength;
        if (payloadLength < 0 || rem > MAX_REM) {
            throw new IllegalArgumentException(type.label() + ": payload of " + payloadLength
                    + " bytes does not fit one frame");
        }
        header(out, type, rem);
        out.putInt(f);
        out.putInt(holdOrLatency);
        out.putLong(micros);
        if (rideshare != null) {
            out.put((byte) rideshare.length());
            putAscii(out, rideshare);
        }
    }

    /** Room for a METADATA frame. */
    public static int metadataSize(String name, int valueLength) {
        return HEADER_SIZE + METADATA_FIXED_SIZE + name.length() + valueLength;
    }

    /**
     * TX_METADATA or RX_METADATA: a name of 1..30 ASCII bytes and a value of at least one byte (an
     * empty value, or a name of 0 or 31+ bytes, makes an lws peer hang up).
     */
    public static void metadata(ByteBuffer out, SssFrameType type, String name, byte[] value) {
        if (type != SssFrameType.TX_METADATA && type != SssFrameType.RX_METADATA) {
            throw new IllegalArgumentException(type.label() + " is not a metadata frame");
        }
        checkName(type, "metadata name", name, MAX_METADATA_NAME);
        if (value.length == 0) {
            throw new IllegalArgumentException(type.label() + ": metadata '" + name
                    + "' has an empty value, which lws peers refuse");
        }
        int rem = METADATA_FIXED_SIZE + name.length() + value.length;
        if (rem > MAX_REM) {
            throw new IllegalArgumentException(type.label() + ": metadata '" + name + "' of "
                    + value.length + " bytes does not fit one frame");
        }
        header(out, type, rem);
        out.put((byte) name.length());
        putAscii(out, name);
        out.put(value);
    }

    /** TX_CREDIT (C→P) or RX_CREDIT (P→C): a signed credit delta. */
    public static void credit(ByteBuffer out, SssFrameType type, int delta) {
        if (type != SssFrameType.TX_CREDIT && type != SssFrameType.RX_CREDIT) {
            throw new IllegalArgumentException(type.label() + " is not a credit frame");
        }
        header(out, type, WORD_BODY_SIZE);
        out.putInt(delta);
    }

    /**
     * TIMEOUT_UPDATE: {@link SssWire#TIMEOUT_FROM_POLICY}, {@link SssWire#TIMEOUT_CANCEL} or a
     * number of milliseconds (an unsigned 32-bit value).
     */
    public static void timeoutUpdate(ByteBuffer out, long millis) {
        header(out, SssFrameType.TIMEOUT_UPDATE, WORD_BODY_SIZE);
        out.putInt((int) checkUnsigned32(SssFrameType.TIMEOUT_UPDATE, "timeout", millis));
    }

    /** PAYLOAD_LENGTH_HINT: the total length of the payload about to be sent (unsigned 32-bit). */
    public static void payloadLengthHint(ByteBuffer out, long length) {
        header(out, SssFrameType.PAYLOAD_LENGTH_HINT, WORD_BODY_SIZE);
        out.putInt((int) checkUnsigned32(SssFrameType.PAYLOAD_LENGTH_HINT, "length", length));
    }

    /** Room for a CREATE_RESULT frame with the rideshare list of {@code names}. */
    public static int createResultSize(List<String> names) {
        return HEADER_SIZE + CREATE_RESULT_FIXED_SIZE + rideshareListLength(names);
    }

    /**
     * CREATE_RESULT. {@code names} is the stream's own streamtype followed by the rideshares of its
     * policy chain, written as {@code ",own,rs1,rs2"}: at most three entries and 127 bytes, which
     * is what an lws HEAD client accepts. A refusal carries no list. lws writes only the low byte
     * of {@code rem}; within these limits the high byte is 0 either way, so the frame is the same.
     */
    public static void createResult(ByteBuffer out, int result, long clientBufLen, List<String> names) {
        if (result != SssWire.CREATE_OK && !names.isEmpty()) {
            throw new IllegalArgumentException("CREATE_RESULT: a refusal carries no rideshare list");
        }
        int listLength = rideshareListLength(names);
        header(out, SssFrameType.CREATE_RESULT, CREATE_RESULT_FIXED_SIZE + listLength);
        out.put((byte) result);
        out.putInt((int) checkUnsigned32(SssFrameType.CREATE_RESULT, "client_buflen", clientBufLen));
        for (String name : names) {
            out.put((byte) ',');
            putAscii(out, name);
        }
    }

    /** Room for a CONNSTATE frame carrying {@code state}. */
    public static int connStateSize(long state) {
        return HEADER_SIZE + stateFieldSize(state) + CONNSTATE_ORDINAL_SIZE;
    }

    /** CONNSTATE: a 1-byte state below 256, otherwise 4 bytes; then the 4-byte ordinal. */
    public static void connState(ByteBuffer out, long state, long ordinal) {
        checkUnsigned32(SssFrameType.CONNSTATE, "state", state);
        int stateSize = stateFieldSize(state);
        header(out, SssFrameType.CONNSTATE, stateSize + CONNSTATE_ORDINAL_SIZE);
        if (stateSize == 1) {
            out.put((byte) state);
        } else {
            out.putInt((int) state);
        }
        out.putInt((int) checkUnsigned32(SssFrameType.CONNSTATE, "ordinal", ordinal));
    }

    /** PERF: connection-performance JSON (at least one byte), not truncated as lws truncates it. */
    public static void perf(ByteBuffer out, byte[] json) {
        if (json.length == 0 || json.length > MAX_REM) {
            throw new IllegalArgumentException("PERF: JSON of " + json.length + " bytes, must be 1.." + MAX_REM);
        }
        header(out, SssFrameType.PERF, json.length);
        out.put(json);
    }

    private static int stateFieldSize(long state) {
        return state < 256 ? 1 : 4;
    }

    private static int rideshareListLength(List<String> names) {
        if (names.size() > MAX_RIDESHARE_COMMAS) {
            throw new IllegalArgumentException("CREATE_RESULT: rideshare list " + names + " has "
                    + names.size() + " entries; lws clients take at most " + MAX_RIDESHARE_COMMAS);
        }
        int length = 0;
        for (String name : names) {
            checkName(SssFrameType.CREATE_RESULT, "rideshare list entry", name, MAX_STREAMTYPE_NAME);
            if (name.indexOf(',') >= 0) {
                throw new IllegalArgumentException("CREATE_RESULT: rideshare list entry '" + name + "' contains a comma");
            }
            length += 1 + name.length();
        }
        if (length > MAX_RIDESHARE_LIST) {
            throw new IllegalArgumentException("CREATE_RESULT: rideshare list of " + length
                    + " bytes; lws clients take at most " + MAX_RIDESHARE_LIST);
        }
        return length;
    }

    private static void header(ByteBuffer out, SssFrameType type, int rem) {
        out.put((byte) type.code());
        out.putShort((short) rem);
    }

    private static long checkUnsigned32(SssFrameType type, String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(type.label() + ": " + field + " " + value + " is outside 0..2^32-1");
        }
        return value;
    }

    private static void checkName(SssFrameType type, String what, String name, int max) {
        if (name.isEmpty() || name.length() > max) {
            throw new IllegalArgumentException(type.label() + ": " + what + " '" + name + "' is "
                    + name.length() + " bytes, must be 1.." + max);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(type.label() + ": " + what + " '" + name
                        + "' has a character outside printable ASCII at index " + i);
            }
        }
    }

    private static void putAscii(ByteBuffer out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.put((byte) s.charAt(i));
        }
    }
}
