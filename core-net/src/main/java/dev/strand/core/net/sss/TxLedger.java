package dev.strand.core.net.sss;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each recent TX_PAYLOAD of one stream ends on its current link: the byte offset after the
 * frame, with the chunk's {@code onTx} ordinal and payload length. When the link goes down and
 * its transport says how many of the last bytes written never left the process, the chunks whose
 * frames reach into those bytes were not delivered. Bounded: it remembers the last
 * {@value #MAX_CHUNKS} chunks (room grows from {@value #INITIAL_CHUNKS} as a stream sends); an older
 * chunk that was not delivered either is not reported. Confined to the stream's loop.
 */
final class TxLedger {

    static final int INITIAL_CHUNKS = 8;
    static final int MAX_CHUNKS = 64;

    /** A chunk handed over in {@code onTx} that did not leave whole. */
    record Chunk(int ordinal, int length) {
    }

    private int[] ordinals = new int[0];
    private int[] lengths = new int[0];
    private long[] ends = new long[0];
    private int newest = -1;
    private int size;
    private long written;

    /** A new link: nothing written on it yet. */
    void reset() {
        newest = -1;
        size = 0;
        written = 0;
    }

    /** A frame that carries no chunk went on the link. */
    void frame(int bytes) {
        written += bytes;
    }

    /** The TX_PAYLOAD of chunk {@code ordinal} ({@code length} payload bytes), {@code bytes} in all, went on the link. */
    void chunk(int ordinal, int length, int bytes) {
        written += bytes;
        if (size == ends.length && ends.length < MAX_CHUNKS) {
            grow();
        }
        newest = (newest + 1) % ends.length;
        ordinals[newest] = ordinal;
        lengths[newest] = length;
        ends[newest] = written;
        size = Math.min(size + 1, ends.length);
    }

    /** The remembered chunks that end within the last {@code unsent} bytes written, oldest first. */
    List<Chunk> undelivered(long unsent) {
        long cut = written - Math.min(unsent, written);
        List<Chunk> out = new ArrayList<>();
        int cap = ends.length;
        for (int n = 0, i = newest; n < size && ends[i] > cut; n++, i = (i - 1 + cap) % cap) {
            out.add(0, new Chunk(ordinals[i], lengths[i]));
        }
        return out;
    }

    private void grow() {
        int cap = Math.min(Math.max(INITIAL_CHUNKS, ends.length * 2), MAX_CHUNKS);
        int[] o = new int[cap];
        int[] l = new int[cap];
        long[] e = new long[cap];
        for (int n = size - 1, to = 0; n >= 0; n--, to++) {
            int from = (newest - n + ends.length) % ends.length;
            o[to] = ordinals[from];
            l[to] = lengths[from];
            e[to] = ends[from];
        }
        ordinals = o;
        lengths = l;
        ends = e;
        newest = size - 1;
    }
}
