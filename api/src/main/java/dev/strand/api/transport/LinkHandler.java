package dev.strand.api.transport;

import java.nio.ByteBuffer;

/**
 * What a link tells the layer above it. All callbacks run on the link's loop, one at a time.
 *
 * <p>A handler given to {@link TransportOps#connect} sees either {@link #onConnectFailed} alone,
 * or {@link #onOpen}, then any number of reads and writable events, then exactly one
 * {@link #onClosed}. A handler returned by a {@link LinkAcceptor} starts at {@code onOpen}.
 */
public interface LinkHandler {

    /** The link is open and may be written to. */
    default void onOpen(Link link) {
    }

    /**
     * Bytes arrived. {@code data} belongs to the link and is valid only during this call; copy
     * what must outlive it. Frames may be split or joined at any byte.
     */
    void onRead(Link link, ByteBuffer data);

    /** The link can take bytes: the answer to one {@link Link#requestWrite()}. */
    default void onWritable(Link link) {
    }

    /**
     * The transport found that bytes were lost or corrupted (a serial framing error, a device that
     * went away and came back): whatever framing runs on this link can no longer be trusted. The
     * default closes the link; a layer that can resynchronise (the transport mux) recovers instead.
     */
    default void onLostCoherence(Link link) {
        link.abort(new java.io.IOException("link lost coherence: " + link.peer()));
    }

    /**
     * The link is closed; {@code cause} is {@code null} after an orderly close. Called once. A
     * transport that knows how much written data it lost when the link went down says so with a
     * {@link LinkLostException}.
     */
    void onClosed(Link link, Throwable cause);

    /** A connect attempt failed before a link existed. */
    default void onConnectFailed(Throwable cause) {
    }
}
