package dev.strand.api.transport;

import dev.strand.api.Loop;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One reliable, in-order byte link: a socket, a serial port, a child process's stdio, one channel
 * of the transport mux.
 *
 * <p><b>Threading.</b> A link belongs to {@link #loop()}. Its methods are called there and its
 * handler's callbacks run there.
 *
 * <p><b>Writing.</b> {@link #write} accepts a whole buffer or nothing; a link never emits part
 * of a buffer followed by another buffer, so a caller that writes whole frames keeps framing
 * intact. Writes are paced explicitly: a writer that has data calls {@link #requestWrite()} and
 * writes from {@link LinkHandler#onWritable}; {@code write} returns whether the link can take
 * more at once. Writing while the link reports itself not writable is allowed (the bytes are
 * queued) but defeats backpressure.
 *
 * <p><b>Reading.</b> Bytes arrive through {@link LinkHandler#onRead} in arbitrary pieces:
 * frames may be split or joined at any byte. {@link #setReading} pauses and resumes them.
 */
public interface Link {

    /** The loop this link belongs to. */
    Loop loop();

    /** Who is at the other end, for log lines: {@code unix:@proxy.ss.lws#3}, {@code tcp:127.0.0.1:40112}. */
    String peer();

    /** The ALPN protocol the TLS handshake chose, if this link is TLS and one was chosen. */
    default Optional<String> negotiatedAlpn() {
        return Optional.empty();
    }

    /**
     * Writes the remaining bytes of {@code data}: all of them are taken (copied or queued) before
     * this returns, and {@code data}'s position is advanced to its limit. The caller keeps
     * ownership of {@code data} and may reuse it at once. Writing to a closed link does nothing.
     *
     * @return whether the link can take more now without queueing beyond its high-water mark
     */
    boolean write(ByteBuffer data);

    /** Whether a write now would stay within the link's high-water mark. */
    boolean isWritable();

    /**
     * Asks for one later {@link LinkHandler#onWritable} call, as soon as the link can take bytes.
     * Idempotent until that call is made. Does nothing on a closed link.
     */
    void requestWrite();

    /** Pauses ({@code false}) or resumes ({@code true}) {@link LinkHandler#onRead} calls: inbound flow control. */
    void setReading(boolean on);

    /**
     * Closes the link after the bytes already written are flushed. The handler then gets
     * {@link LinkHandler#onClosed} with a {@code null} cause. Idempotent.
     */
    void close();

    /**
     * Closes the link at once, dropping unwritten bytes; the handler gets
     * {@link LinkHandler#onClosed} with {@code cause}. Idempotent.
     */
    void abort(Throwable cause);

    /** Whether the link is open: between {@code onOpen} and {@code onClosed}. */
    boolean isOpen();
}
