package dev.strand.secure.streams.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Splits an SSS byte stream into whole frames (type, 2-byte length, body) and describes them for messages. */
final class SssFrames {

    static final int RX_PAYLOAD = 0x55;
    static final int CONNSTATE = 0x57;
    static final int RX_METADATA = 0x59;
    /** Offset of the payload in an RX_PAYLOAD frame (3 header + flags 4 + latency 4 + time 8). */
    static final int PAYLOAD_AT = 19;

    private SssFrames() {
    }

    /** The whole frames in {@code stream}; a trailing partial frame is left out. */
    static List<byte[]> split(byte[] stream) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at + 3 <= stream.length) {
            int n = 3 + ((stream[at + 1] & 0xFF) << 8 | stream[at + 2] & 0xFF);
            if (at + n > stream.length) {
                break;
            }
            out.add(Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
        return out;
    }

    static int type(byte[] frame) {
        return frame[0] & 0xFF;
    }

    /** For a CONNSTATE frame with a one-byte state: the state. */
    static int state(byte[] frame) {
        return frame[3] & 0xFF;
    }

    static int flags(byte[] frame) {
        return (frame[3] & 0xFF) << 24 | (frame[4] & 0xFF) << 16 | (frame[5] & 0xFF) << 8 | frame[6] & 0xFF;
    }

    static long micros(byte[] frame) {
        long v = 0;
        for (int i = 11; i < 19; i++) {
            v = v << 8 | (frame[i] & 0xFF);
        }
        return v;
    }

    static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, PAYLOAD_AT, frame.length);
    }

    static String describe(byte[] f) {
        return switch (type(f)) {
            case RX_PAYLOAD -> "RX_PAYLOAD flags " + flags(f) + " '" + new String(payload(f), StandardCharsets.ISO_8859_1)
                    .lines().findFirst().orElse("") + "' (" + (f.length - PAYLOAD_AT) + " bytes)";
            case CONNSTATE -> "CONNSTATE " + state(f);
            case RX_METADATA -> "RX_METADATA " + new String(f, 4, f[3], StandardCharsets.ISO_8859_1);
            default -> HexFormat.ofDelimiter(" ").formatHex(f, 0, Math.min(f.length, 24));
        };
    }

    static List<String> describe(List<byte[]> frames) {
        return frames.stream().map(SssFrames::describe).toList();
    }
}
