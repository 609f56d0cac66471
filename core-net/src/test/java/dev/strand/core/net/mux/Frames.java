package dev.strand.core.net.mux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a mux byte stream into frames, written independently of the code under test from the
 * table of spec/wire.md §4.1, so that tests can compare streams frame by frame.
 */
final class Frames {

    private Frames() {
    }

    static List<byte[]> split(byte[] stream) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < stream.length) {
            int cmd = stream[i] & 0xFF;
            int size = switch (cmd) {
                case 0xF0, 0xF1, 0xF2, 0xF3, 0xF4 -> 2;
                case 0xF5 -> 4 + ((stream[i + 2] & 0xFF) << 8 | stream[i + 3] & 0xFF);
                case 0xF6, 0xF8 -> 9;
                case 0xF7 -> 17;
                case 0xF9 -> 1;
                default -> throw new IllegalArgumentException(String.format("byte 0x%02X at %d is no mux command", cmd, i));
            };
            out.add(Arrays.copyOfRange(stream, i, i + size));
            i += size;
        }
        return out;
    }

    /** The frames' command bytes as names: {@code [PONG, NACK, MUX]}. */
    static List<String> kinds(List<byte[]> frames) {
        return frames.stream().map(f -> dev.strand.core.net.mux.internal.MuxWire.name(f[0] & 0xFF)
                .replace("CHANNEL_", "")).toList();
    }
}
