package dev.strand.core.net.sss;

import java.nio.ByteBuffer;

/**
 * Encoded frames waiting for a link to become writable, back to back in one growable array. A
 * link takes every byte of a write at once, so the queue is written out whole and starts empty
 * again; it never holds a partial frame. Confined to its link's loop.
 */
final class OutboundQueue {

    private byte[] bytes;
    private ByteBuffer view;
    private int size;

    OutboundQueue(int initialCapacity) {
        bytes = new byte[initialCapacity];
        view = ByteBuffer.wrap(bytes);
    }

    /** Room for the next {@code n} bytes: the returned buffer's position..limit is exactly that room; fill all of it. */
    ByteBuffer append(int n) {
        if (size + n > bytes.length) {
            byte[] bigger = new byte[Math.max(size + n, bytes.length * 2)];
            System.arraycopy(bytes, 0, bigger, 0, size);
            bytes = bigger;
            view = ByteBuffer.wrap(bytes);
        }
        view.limit(size + n).position(size);
        size += n;
        return view;
    }

    /** Bytes queued. */
    int size() {
        return size;
    }

    /** Everything queued, for one link write; the queue is empty afterwards and the buffer valid until the next append. */
    ByteBuffer takeAll() {
        view.limit(size).position(0);
        size = 0;
        return view;
    }
}
