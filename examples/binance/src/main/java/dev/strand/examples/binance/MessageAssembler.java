package dev.strand.examples.binance;

import dev.strand.api.ss.PayloadFlags;
import java.nio.ByteBuffer;

/**
 * Rebuilds whole messages from the pieces a stream delivers, by their SOM and EOM flags, into a
 * buffer of fixed capacity, as lws's pico binance client does with its 10 KiB buffer. Through a
 * proxy a long WebSocket message arrives as several pieces (at most 1380 bytes each from lws);
 * in-process it may arrive whole; either way the application sees one message.
 *
 * <p>Unlike the pico client, a message that does not fit is not parsed truncated: it is
 * discarded up to its EOM and counted in {@link #oversized()}. A message whose start was never
 * seen (pieces without SOM) and one cut short by the next SOM are discarded and counted in
 * {@link #partial()}. Not thread-safe: one per stream, used on its loop.
 */
public final class MessageAssembler {

    private final byte[] buffer;
    private int length;
    private boolean inMessage;
    private boolean overflowed;
    private boolean orphaned;
    private long oversized;
    private long partial;

    /** An assembler for messages of at most {@code capacity} bytes. */
    public MessageAssembler(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + " must be positive");
        }
        this.buffer = new byte[capacity];
    }

    /**
     * Takes the next piece ({@code piece}'s remaining bytes, all consumed) with its
     * {@link PayloadFlags}.
     *
     * @return whether it completed a message, which is then {@link #buffer()}[0..{@link #length()})
     *         until the next call
     */
    public boolean accept(ByteBuffer piece, int flags) {
        boolean som = (flags & PayloadFlags.SOM) != 0;
        boolean eom = (flags & PayloadFlags.EOM) != 0;
        if (som) {
            if (inMessage) {
                partial++;
            }
            inMessage = true;
            orphaned = false;
            overflowed = false;
            length = 0;
        } else if (!inMessage) {
            if (!orphaned) {
                partial++;
                orphaned = true;
            }
            if (eom) {
                orphaned = false;
            }
            piece.position(piece.limit());
            return false;
        }
        int n = piece.remaining();
        if (overflowed || n > buffer.length - length) {
            overflowed = true;
            piece.position(piece.limit());
        } else {
            piece.get(buffer, length, n);
            length += n;
        }
        if (!eom) {
            return false;
        }
        inMessage = false;
        if (overflowed) {
            oversized++;
            length = 0;
            return false;
        }
        return true;
    }

    /** The buffer holding the last complete message. */
    public byte[] buffer() {
        return buffer;
    }

    /** The length of the last complete message. */
    public int length() {
        return length;
    }

    /** The most a message may hold. */
    public int capacity() {
        return buffer.length;
    }

    /** Messages discarded so far because they were longer than the capacity. */
    public long oversized() {
        return oversized;
    }

    /** Messages discarded so far because a piece was missing (no SOM seen, or no EOM before the next SOM). */
    public long partial() {
        return partial;
    }
}
