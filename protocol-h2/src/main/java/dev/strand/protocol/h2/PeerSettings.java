package dev.strand.protocol.h2;

import java.nio.ByteBuffer;

/**
 * What the server's SETTINGS say (RFC 9113 §6.5.2), applied as they arrive: the stream limit and
 * largest frame it accepts are kept here, the header table size goes to HPACK and the initial
 * window to the flow-control windows. Confined to the session's loop.
 */
final class PeerSettings {

    private final Hpack hpack;
    private final FlowWindows windows;
    private final StreamTable streams;
    private long maxConcurrentStreams = Long.MAX_VALUE;
    private int maxFrameSize = H2Wire.DEFAULT_MAX_FRAME_SIZE;

    PeerSettings(Hpack hpack, FlowWindows windows, StreamTable streams) {
        this.hpack = hpack;
        this.windows = windows;
        this.streams = streams;
    }

    /** SETTINGS_MAX_CONCURRENT_STREAMS; unlimited until the server says otherwise. */
    long maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /** SETTINGS_MAX_FRAME_SIZE: the largest frame payload the server accepts. */
    int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Applies the settings of one SETTINGS frame (not an ACK), whose length is a whole number of
     * settings.
     *
     * @return whether the streams' send windows grew
     */
    boolean apply(ByteBuffer payload) throws Http2Error {
        boolean windowsGrew = false;
        while (payload.hasRemaining()) {
            int id = payload.getShort() & 0xffff;
            long value = payload.getInt() & 0xffff_ffffL;
            switch (id) {
                case H2Wire.SETTINGS_HEADER_TABLE_SIZE -> {
                    try {
                        hpack.peerHeaderTableSize(value);
                    } catch (Hpack.HpackException e) {
                        throw Http2Error.connection(e.code, e.getMessage());
                    }
                }
                case H2Wire.SETTINGS_ENABLE_PUSH -> {
                    if (value != 0) {
                        throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "server sent SETTINGS_ENABLE_PUSH " + value);
                    }
                }
                case H2Wire.SETTINGS_MAX_CONCURRENT_STREAMS -> maxConcurrentStreams = value;
                case H2Wire.SETTINGS_INITIAL_WINDOW_SIZE -> windowsGrew |= windows.peerInitialWindow(value, streams.all());
                case H2Wire.SETTINGS_MAX_FRAME_SIZE -> {
                    if (value < H2Wire.DEFAULT_MAX_FRAME_SIZE || value > H2Wire.MAX_MAX_FRAME_SIZE) {
                        throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value
                                + " is outside 16384..16777215");
                    }
                    maxFrameSize = (int) value;
                }
                default -> {
                    // SETTINGS_MAX_HEADER_LIST_SIZE is advisory; unknown settings are ignored (RFC 9113 §6.5.2)
                }
            }
        }
        return windowsGrew;
    }
}
