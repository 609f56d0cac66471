package dev.strand.core.net.sss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Compares what a Strand peer wrote with what lws wrote in a capture: byte for byte, except the
 * fields that vary from run to run, which are checked for range instead. Those are the client pid
 * in STREAMTYPE (must be {@code pid}) and the hold and monotonic-time fields of payload frames
 * (the time must lie in {@code [fromMicros, toMicros]} of the loop's clock, the hold time between
 * 0 and the time since {@code fromMicros}; RX latency is always 0, as lws writes it, and compared
 * exactly).
 */
record RunFields(long pid, long fromMicros, long toMicros) {

    void assertSame(String what, byte[] expected, byte[] actual) {
        ByteBuffer e = ByteBuffer.wrap(expected);
        ByteBuffer a = ByteBuffer.wrap(actual);
        int at = 0;
        while (at < expected.length) {
            int type = expected[at] & 0xFF;
            int frameLength = 3 + (e.getShort(at + 1) & 0xFFFF);
            boolean[] varies = new boolean[frameLength];
            if (type == SssFrameType.STREAMTYPE.code() && at + 8 <= actual.length) {
                mark(varies, 4, 8);
                assertEquals(pid, Integer.toUnsignedLong(a.getInt(at + 4)), what + ": STREAMTYPE pid");
            }
            if ((type == SssFrameType.TX_PAYLOAD.code() || type == SssFrameType.RX_PAYLOAD.code())
                    && at + 19 <= actual.length) {
                mark(varies, 11, 19);
                long micros = a.getLong(at + 11);
                assertTrue(micros >= fromMicros && micros <= toMicros, what + ": payload time " + micros
                        + " us outside the run " + fromMicros + ".." + toMicros);
                if (type == SssFrameType.TX_PAYLOAD.code()) {
                    mark(varies, 7, 11);
                    long hold = Integer.toUnsignedLong(a.getInt(at + 7));
                    assertTrue(hold <= micros - fromMicros, what + ": hold time " + hold + " us longer than the run");
                }
            }
            for (int i = 0; i < frameLength; i++) {
                if (varies[i]) {
                    continue;
                }
                if (at + i >= actual.length || expected[at + i] != actual[at + i]) {
                    fail(what + ": byte " + (at + i) + " (offset " + i + " of a frame of type 0x"
                            + Integer.toHexString(type) + ") differs\n  lws:    "
                            + hex(expected, at, frameLength) + "\n  strand: " + hex(actual, at, frameLength));
                }
            }
            at += frameLength;
        }
        assertEquals(expected.length, actual.length, what + ": length (strand wrote "
                + (actual.length > expected.length ? "more: " + hex(actual, expected.length, 64) : "less") + ")");
    }

    private static void mark(boolean[] varies, int from, int to) {
        for (int i = from; i < to && i < varies.length; i++) {
            varies[i] = true;
        }
    }

    private static String hex(byte[] b, int from, int n) {
        int to = Math.min(b.length, from + Math.min(n, 48));
        return from >= b.length ? "(nothing)" : HexFormat.ofDelimiter(" ").formatHex(b, from, to);
    }
}
