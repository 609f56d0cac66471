package dev.strand.protocol.h2;

/**
 * HTTP/2 flow control of one connection (RFC 9113 §6.9), both directions: the connection's
 * windows here, each stream's in its {@link H2Stream}. Received bytes are given back with
 * WINDOW_UPDATE once half a window has been consumed. Confined to the session's loop.
 */
final class FlowWindows {

    private final H2Settings local;
    private final FrameWriter writer;
    private long connectionSendWindow = H2Wire.DEFAULT_WINDOW;
    private long connectionReceiveWindow;
    private int connectionUnacknowledged;
    private int peerInitialWindow = H2Wire.DEFAULT_WINDOW;

    FlowWindows(H2Settings local, FrameWriter writer) {
        this.local = local;
        this.writer = writer;
        this.connectionReceiveWindow = local.connectionWindowSize();
    }

    /** Gives a new stream its initial windows: the peer's for sending, ours for receiving. */
    void open(H2Stream s) {
        s.sendWindow = peerInitialWindow;
        s.receiveWindow = local.initialWindowSize();
    }

    // ---- receiving ---------------------------------------------------------------------------

    /** A DATA frame of {@code length} bytes (padding included) arrived on the connection. */
    void connectionReceived(int length) throws Http2Error {
        if (length > connectionReceiveWindow) {
            throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + length
                    + " bytes exceeds the connection window of " + connectionReceiveWindow);
        }
        connectionReceiveWindow -= length;
        connectionUnacknowledged += length;
        if (connectionUnacknowledged >= local.connectionWindowSize() / 2) {
            writer.windowUpdate(0, connectionUnacknowledged);
            connectionReceiveWindow += connectionUnacknowledged;
            connectionUnacknowledged = 0;
        }
    }

    /** The same frame counted against its stream. */
    void streamReceived(H2Stream s, int length) throws Http2Error {
        if (length > s.receiveWindow) {
            throw Http2Error.stream(s.id, ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + length
                    + " bytes exceeds the window of stream " + s.id + " (" + s.receiveWindow + ")");
        }
        s.receiveWindow -= length;
    }

    /**
     * The stream's frame was delivered and the stream goes on: give the bytes back once half its
     * window is used, unless its owner paused it.
     */
    void streamConsumed(H2Stream s, int length) {
        s.unacknowledged += length;
        if (!s.paused && s.unacknowledged >= local.initialWindowSize() / 2) {
            giveBack(s);
        }
    }

    /** Gives the stream's consumed bytes back to the peer with WINDOW_UPDATE. */
    void giveBack(H2Stream s) {
        writer.windowUpdate(s.id, s.unacknowledged);
        s.receiveWindow += s.unacknowledged;
        s.unacknowledged = 0;
    }

    // ---- sending -----------------------------------------------------------------------------

    /** How many of {@code wanted} bytes may go out on {@code s} now, in one frame of at most {@code maxFrameSize}. */
    int sendable(H2Stream s, int wanted, int maxFrameSize) {
        return (int) Math.min(Math.min(wanted, maxFrameSize), Math.min(s.sendWindow, connectionSendWindow));
    }

    /** {@code n} bytes went out on {@code s}. */
    void sent(H2Stream s, int n) {
        s.sendWindow -= n;
        connectionSendWindow -= n;
    }

    /** WINDOW_UPDATE on stream 0. */
    void connectionGrew(int increment) throws Http2Error {
        if (increment == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on the connection");
        }
        connectionSendWindow += increment;
        if (connectionSendWindow > H2Wire.MAX_WINDOW) {
            throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE overflows the connection window");
        }
    }

    /** WINDOW_UPDATE on an open stream. */
    void streamGrew(H2Stream s, int increment) throws Http2Error {
        if (increment == 0) {
            throw Http2Error.stream(s.id, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on stream " + s.id);
        }
        s.sendWindow += increment;
        if (s.sendWindow > H2Wire.MAX_WINDOW) {
            throw Http2Error.stream(s.id, ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE overflows the window of stream "
                    + s.id);
        }
    }

    /**
     * The peer's SETTINGS_INITIAL_WINDOW_SIZE: moves every open stream's send window by the
     * difference (RFC 9113 §6.9.2).
     *
     * @return whether the windows grew
     */
    boolean peerInitialWindow(long value, Iterable<H2Stream> open) throws Http2Error {
        if (value > H2Wire.MAX_WINDOW) {
            throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value
                    + " exceeds 2^31-1");
        }
        long delta = value - peerInitialWindow;
        for (H2Stream s : open) {
            if (s.sendWindow + delta > H2Wire.MAX_WINDOW) {
                throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE "
                        + value + " overflows the window of stream " + s.id);
            }
            s.sendWindow += delta;
        }
        peerInitialWindow = (int) value;
        return delta > 0;
    }
}
