package dev.strand.protocol.ws.internal;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF) that keeps its state between calls, so a text message is checked piece by piece as
 * its frames and reads arrive, and fails at the first bad byte, even in the middle of a frame.
 *
 * <p>A table-driven automaton after Björn Höhrmann's "Flexible and Economical UTF-8 Decoder":
 * one table lookup per byte and no allocation. The JDK's {@code CharsetDecoder} would need an
 * output buffer per call and reports a sequence split across calls only at the end, so this
 * is written by hand. Confined to one connection's loop.
 */
final class Utf8Validator {

    private static final int ACCEPT = 0;
    private static final int REJECT = 12;

    /** Byte to character class. */
    private static final byte[] CLASSES = new byte[256];
    /** State (a multiple of 12) plus class to next state. */
    private static final byte[] TRANSITIONS = {
        0, 12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
        12, 0, 12, 12, 12, 12, 12, 0, 12, 0, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12, 12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
        12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    };

    static {
        fill(0x80, 0x8F, 1);
        fill(0x90, 0x9F, 9);
        fill(0xA0, 0xBF, 7);
        fill(0xC0, 0xC1, 8);
        fill(0xC2, 0xDF, 2);
        fill(0xE0, 0xE0, 10);
        fill(0xE1, 0xEC, 3);
        fill(0xED, 0xED, 4);
        fill(0xEE, 0xEF, 3);
        fill(0xF0, 0xF0, 11);
        fill(0xF1, 0xF3, 6);
        fill(0xF4, 0xF4, 5);
        fill(0xF5, 0xFF, 8);
    }

    private static void fill(int from, int to, int cls) {
        for (int b = from; b <= to; b++) {
            CLASSES[b] = (byte) cls;
        }
    }

    private int state = ACCEPT;

    /** Starts a new text. */
    void reset() {
        state = ACCEPT;
    }

    /**
     * Checks the remaining bytes of {@code data} without moving its position.
     *
     * @return false once the text seen so far can no longer be UTF-8
     */
    boolean update(ByteBuffer data) {
        int s = state;
        for (int i = data.position(), end = data.limit(); i < end; i++) {
            int b = data.get(i);
            if (b >= 0 && s == ACCEPT) {
                continue;
            }
            s = TRANSITIONS[s + CLASSES[b & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                return false;
            }
        }
        state = s;
        return true;
    }

    /** Whether the text seen so far ends on a character boundary: a complete, valid UTF-8 text. */
    boolean isComplete() {
        return state == ACCEPT;
    }

    /** Whether {@code data}'s remaining bytes are, on their own, a complete UTF-8 text. */
    static boolean isValid(ByteBuffer data) {
        Utf8Validator v = new Utf8Validator();
        return v.update(data) && v.isComplete();
    }
}
