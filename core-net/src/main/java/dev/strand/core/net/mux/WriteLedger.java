package dev.strand.core.net.mux;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which channel's bytes went into the underlying link at which offset: one entry per MUX frame
 * written, in a ring of the most recent {@value #CAPACITY}. When the underlying link goes down
 * and says how many of the last bytes written to it were never sent, the ledger turns that into
 * channel payload bytes per channel. Frames older than the ring are forgotten: their bytes count
 * for no channel (the report errs towards "may have been sent"). The session writes only while the
 * underlying link is writable, so what that link still holds is normally far less than the ring
 * covers. Confined to the session's loop.
 */
final class WriteLedger {

    static final int CAPACITY = 1024;

    private final Channel[] channels = new Channel[CAPACITY];
    private final long[] ends = new long[CAPACITY];
    private final int[] payloads = new int[CAPACITY];
    private int newest = -1;
    private int size;
    private long written;

    /** Bytes that carry no channel's payload (control frames) went into the link. */
    void control(int bytes) {
        written += bytes;
    }

    /** A MUX frame of {@code header} + {@code payload} bytes of {@code channel} went into the link. */
    void frame(Channel channel, int header, int payload) {
        written += header + payload;
        newest = (newest + 1) % CAPACITY;
        channels[newest] = channel;
        ends[newest] = written;
        payloads[newest] = payload;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Everything written so far is gone with the link: a new link starts a new ledger. */
    void clear() {
        Arrays.fill(channels, null);
        newest = -1;
        size = 0;
        written = 0;
    }

    /**
     * The channel payload bytes among the last {@code unsent} bytes written, per channel: the
     * payload at the tail of each frame that was not (wholly) sent.
     */
    Map<Channel, Long> unsentPayload(long unsent) {
        Map<Channel, Long> out = new IdentityHashMap<>();
        long cut = written - Math.min(unsent, written);
        for (int n = 0, i = newest; n < size; n++, i = (i - 1 + CAPACITY) % CAPACITY) {
            if (ends[i] <= cut) {
                break;
            }
            long lostOfFrame = ends[i] - cut;
            long lostPayload = Math.min(lostOfFrame, payloads[i]);
            if (lostPayload > 0) {
                out.merge(channels[i], lostPayload, Long::sum);
            }
        }
        return out;
    }
}
