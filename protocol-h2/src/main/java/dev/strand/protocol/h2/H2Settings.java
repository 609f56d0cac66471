package dev.strand.protocol.h2;

import java.time.Duration;
import java.util.Objects;

/**
 * How this side runs its HTTP/2 connections. Immutable; vary it with the {@code with...} methods.
 *
 * @param maxConcurrentStreams the local cap on streams open at once: a session's capacity is the
 *                             smaller of this and the peer's SETTINGS_MAX_CONCURRENT_STREAMS
 * @param initialWindowSize    the receive window of each stream (SETTINGS_INITIAL_WINDOW_SIZE)
 * @param connectionWindowSize the receive window of the whole connection, raised from 65,535 by a
 *                             WINDOW_UPDATE right after the preface
 * @param maxFrameSize         the largest frame accepted (SETTINGS_MAX_FRAME_SIZE)
 * @param maxHeaderListSize    the largest decoded header list accepted (SETTINGS_MAX_HEADER_LIST_SIZE)
 * @param pingInterval         after this long without a frame from the peer, a PING checks that the
 *                             connection is still valid; {@link Duration#ZERO} turns it off
 * @param pingTimeout          how long the PING's acknowledgement may take before the connection is
 *                             given up
 */
public record H2Settings(int maxConcurrentStreams, int initialWindowSize, int connectionWindowSize,
                         int maxFrameSize, int maxHeaderListSize, Duration pingInterval, Duration pingTimeout) {

    /** 256 streams, 1 MiB per stream, 16 MiB per connection, 16 KiB frames, 64 KiB headers, PING after 30 s idle, 10 s to answer. */
    public static final H2Settings DEFAULT = new H2Settings(256, 1 << 20, 16 << 20, H2Wire.DEFAULT_MAX_FRAME_SIZE,
            64 << 10, Duration.ofSeconds(30), Duration.ofSeconds(10));

    public H2Settings {
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1, not " + maxConcurrentStreams);
        }
        if (initialWindowSize < 1 || connectionWindowSize < H2Wire.DEFAULT_WINDOW) {
            throw new IllegalArgumentException("windows must be positive and the connection's at least 65535: "
                    + initialWindowSize + ", " + connectionWindowSize);
        }
        if (maxFrameSize < H2Wire.DEFAULT_MAX_FRAME_SIZE || maxFrameSize > H2Wire.MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be within 16384..16777215, not " + maxFrameSize);
        }
        if (maxHeaderListSize < 1) {
            throw new IllegalArgumentException("maxHeaderListSize must be positive, not " + maxHeaderListSize);
        }
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        if (pingInterval.isNegative() || pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("pingInterval must not be negative and pingTimeout must be positive");
        }
    }

    public H2Settings withMaxConcurrentStreams(int n) {
        return new H2Settings(n, initialWindowSize, connectionWindowSize, maxFrameSize, maxHeaderListSize, pingInterval, pingTimeout);
    }

    public H2Settings withWindows(int stream, int connection) {
        return new H2Settings(maxConcurrentStreams, stream, connection, maxFrameSize, maxHeaderListSize, pingInterval, pingTimeout);
    }

    public H2Settings withPing(Duration interval, Duration timeout) {
        return new H2Settings(maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize, maxHeaderListSize, interval, timeout);
    }
}
