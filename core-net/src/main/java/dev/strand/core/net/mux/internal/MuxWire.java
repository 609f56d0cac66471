package dev.strand.core.net.mux.internal;

import java.nio.ByteBuffer;

/**
 * Every byte and layout of the lws transport mux ({@code spec/wire.md} §4.1), and nothing else:
 * the one place that knows them. Multi-byte numbers are big-endian. Stateless.
 *
 * <pre>
 * F0 ch          CHANNEL_REQ        F5 ch nH nL ..n.. MUX (channel data, n = 0..65535)
 * F1 ch          CHANNEL_ACK        F6 t(8)           PING    (sender's monotonic µs)
 * F2 ch          CHANNEL_NACK       F7 t(8) t'(8)     PONG    (echo of the PING's t, responder's monotonic µs)
 * F3 ch          CHANNEL_CLOSE      F8 w(8)           PONGACK (sender's wall clock, µs since the epoch)
 * F4 ch          CHANNEL_CLOSE_ACK  F9                RESET_TRANSPORT (sent in front of PINGs while down)
 * </pre>
 */
public final class MuxWire {

    public static final int CHANNEL_REQ = 0xF0;
    public static final int CHANNEL_ACK = 0xF1;
    public static final int CHANNEL_NACK = 0xF2;
    public static final int CHANNEL_CLOSE = 0xF3;
    public static final int CHANNEL_CLOSE_ACK = 0xF4;
    public static final int MUX = 0xF5;
    public static final int PING = 0xF6;
    public static final int PONG = 0xF7;
    public static final int PONGACK = 0xF8;
    public static final int RESET_TRANSPORT = 0xF9;

    /** Size of a channel command (F0..F4): command and channel index. */
    public static final int CHANNEL_COMMAND_SIZE = 2;
    /** Size of the MUX header in front of channel data: F5, channel, 16-bit length. */
    public static final int MUX_HEADER_SIZE = 4;
    /** The largest payload one MUX frame carries (16-bit length). */
    public static final int MAX_PAYLOAD = 0xFFFF;
    /** Size of a PING and of a PONGACK: command and one 64-bit time. */
    public static final int PING_SIZE = 9;
    public static final int PONGACK_SIZE = 9;
    /** Size of a PONG: command and two 64-bit times. */
    public static final int PONG_SIZE = 17;
    /** Size of RESET_TRANSPORT. */
    public static final int RESET_SIZE = 1;

    /** Channel indexes are one byte: 0..255. */
    public static final int CHANNEL_RANGE = 256;
    /** lws refuses a new channel while this many channel objects exist ({@code 256 - 3}). */
    public static final int LWS_CHANNEL_LIMIT = CHANNEL_RANGE - 3;

    private MuxWire() {
    }

    /** Whether {@code b} is one of the five one-byte-argument channel commands (F0..F4). */
    public static boolean isChannelCommand(int b) {
        return b >= CHANNEL_REQ && b <= CHANNEL_CLOSE_ACK;
    }

    /** Whether {@code b} is followed by 64-bit time fields (PING, PONG, PONGACK). */
    public static boolean isTimeCommand(int b) {
        return b >= PING && b <= PONGACK;
    }

    /** The size of the frame a command byte starts, or -1 for MUX (variable) and unknown bytes. */
    public static int fixedSize(int command) {
        if (isChannelCommand(command)) {
            return CHANNEL_COMMAND_SIZE;
        }
        return switch (command) {
            case PING -> PING_SIZE;
            case PONG -> PONG_SIZE;
            case PONGACK -> PONGACK_SIZE;
            case RESET_TRANSPORT -> RESET_SIZE;
            default -> -1;
        };
    }

    public static void putChannelCommand(ByteBuffer out, int command, int channel) {
        if (!isChannelCommand(command)) {
            throw new IllegalArgumentException(String.format("0x%02X is not a channel command", command));
        }
        out.put((byte) command).put((byte) requireChannel(channel));
    }

    public static void putMuxHeader(ByteBuffer out, int channel, int length) {
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("MUX payload length " + length + " is outside 0.." + MAX_PAYLOAD);
        }
        out.put((byte) MUX).put((byte) requireChannel(channel)).putShort((short) length);
    }

    public static void putPing(ByteBuffer out, long monotonicMicros) {
        out.put((byte) PING).putLong(monotonicMicros);
    }

    public static void putPong(ByteBuffer out, long echoedPing, long monotonicMicros) {
        out.put((byte) PONG).putLong(echoedPing).putLong(monotonicMicros);
    }

    public static void putPongAck(ByteBuffer out, long wallClockMicros) {
        out.put((byte) PONGACK).putLong(wallClockMicros);
    }

    public static void putReset(ByteBuffer out) {
        out.put((byte) RESET_TRANSPORT);
    }

    /** The command's name as {@code spec/wire.md} spells it, or {@code 0xNN} for other bytes. */
    public static String name(int command) {
        return switch (command) {
            case CHANNEL_REQ -> "CHANNEL_REQ";
            case CHANNEL_ACK -> "CHANNEL_ACK";
            case CHANNEL_NACK -> "CHANNEL_NACK";
            case CHANNEL_CLOSE -> "CHANNEL_CLOSE";
            case CHANNEL_CLOSE_ACK -> "CHANNEL_CLOSE_ACK";
            case MUX -> "MUX";
            case PING -> "PING";
            case PONG -> "PONG";
            case PONGACK -> "PONGACK";
            case RESET_TRANSPORT -> "RESET_TRANSPORT";
            default -> String.format("0x%02X", command & 0xFF);
        };
    }

    private static int requireChannel(int channel) {
        if (channel < 0 || channel >= CHANNEL_RANGE) {
            throw new IllegalArgumentException("channel index " + channel + " is outside 0..255");
        }
        return channel;
    }
}
