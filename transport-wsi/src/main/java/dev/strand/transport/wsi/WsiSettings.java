package dev.strand.transport.wsi;

import java.time.Duration;

/**
 * Tuning for {@link WsiTransport}'s links. Immutable.
 *
 * <p><b>Write-buffer marks.</b> Each link queues written bytes that the socket has not taken yet
 * (Netty's {@link io.netty.channel.WriteBufferWaterMark}). When the queue grows above
 * {@code writeHighWaterMark} the link reports itself not writable ({@code write} returns
 * {@code false}); once it drains below {@code writeLowWaterMark} it is writable again and a
 * pending {@code requestWrite()} is answered with {@code onWritable}. The defaults are Netty's,
 * 32 KiB and 64 KiB: enough for several maximal SSS frames in flight, small enough that a stalled
 * peer holds little memory per link.
 *
 * <p>The no-argument {@link WsiTransport} reads these system properties (defaults in brackets):
 * {@code strand.wsi.writeLowWaterMark} [32768], {@code strand.wsi.writeHighWaterMark} [65536],
 * {@code strand.wsi.closeFlushTimeoutMillis} [10000], {@code strand.wsi.closeLingerMillis} [2000],
 * {@code strand.wsi.native} [true].
 *
 * <p><b>Closing.</b> {@code Link.close()} first waits for the queued bytes to reach the socket
 * (at most {@code closeFlushTimeout}; after that they are dropped). Then it ends its side (a FIN,
 * or TLS close_notify) and keeps reading, discarding, until the peer closes too, at most
 * {@code closeLinger}: closing a TCP socket with unread bytes would send a reset that can destroy
 * bytes still in flight to the peer.
 *
 * @param writeLowWaterMark  queued bytes below which a non-writable link becomes writable again
 * @param writeHighWaterMark queued bytes above which a link stops being writable
 * @param closeFlushTimeout  how long a close waits for queued bytes to reach the socket
 * @param closeLinger        how long a close then waits for the peer to close its side
 * @param nativeTransport    whether to use native epoll when it is available; without it, Unix
 *                           sockets on the file system and TCP use NIO, and abstract names fail
 */
public record WsiSettings(int writeLowWaterMark, int writeHighWaterMark, Duration closeFlushTimeout,
                          Duration closeLinger, boolean nativeTransport) {

    /** Netty's default low-water mark: 32 KiB. */
    public static final int DEFAULT_WRITE_LOW_WATER_MARK = 32 * 1024;
    /** Netty's default high-water mark: 64 KiB. */
    public static final int DEFAULT_WRITE_HIGH_WATER_MARK = 64 * 1024;
    /** How long a close waits for queued bytes by default: 10 s. */
    public static final Duration DEFAULT_CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(10);
    /** How long a close waits for the peer to close by default: 2 s. */
    public static final Duration DEFAULT_CLOSE_LINGER = Duration.ofSeconds(2);

    public WsiSettings {
        if (writeLowWaterMark < 0 || writeHighWaterMark < 1 || writeLowWaterMark > writeHighWaterMark) {
            throw new IllegalArgumentException("write-buffer marks need 0 <= low <= high and high >= 1, not low="
                    + writeLowWaterMark + " high=" + writeHighWaterMark);
        }
        if (closeFlushTimeout.isNegative() || closeFlushTimeout.isZero()) {
            throw new IllegalArgumentException("close flush timeout must be positive: " + closeFlushTimeout);
        }
        if (closeLinger.isNegative() || closeLinger.isZero()) {
            throw new IllegalArgumentException("close linger must be positive: " + closeLinger);
        }
    }

    /** The defaults above, native epoll on. */
    public static WsiSettings defaults() {
        return new WsiSettings(DEFAULT_WRITE_LOW_WATER_MARK, DEFAULT_WRITE_HIGH_WATER_MARK,
                DEFAULT_CLOSE_FLUSH_TIMEOUT, DEFAULT_CLOSE_LINGER, true);
    }

    /** The defaults, overridden by the {@code strand.wsi.*} system properties listed above. */
    public static WsiSettings fromSystemProperties() {
        return new WsiSettings(
                Integer.getInteger("strand.wsi.writeLowWaterMark", DEFAULT_WRITE_LOW_WATER_MARK),
                Integer.getInteger("strand.wsi.writeHighWaterMark", DEFAULT_WRITE_HIGH_WATER_MARK),
                Duration.ofMillis(Long.getLong("strand.wsi.closeFlushTimeoutMillis",
                        DEFAULT_CLOSE_FLUSH_TIMEOUT.toMillis())),
                Duration.ofMillis(Long.getLong("strand.wsi.closeLingerMillis", DEFAULT_CLOSE_LINGER.toMillis())),
                Boolean.parseBoolean(System.getProperty("strand.wsi.native", "true")));
    }

    public WsiSettings withWriteWaterMarks(int low, int high) {
        return new WsiSettings(low, high, closeFlushTimeout, closeLinger, nativeTransport);
    }

    public WsiSettings withCloseFlushTimeout(Duration timeout) {
        return new WsiSettings(writeLowWaterMark, writeHighWaterMark, timeout, closeLinger, nativeTransport);
    }

    public WsiSettings withCloseLinger(Duration linger) {
        return new WsiSettings(writeLowWaterMark, writeHighWaterMark, closeFlushTimeout, linger, nativeTransport);
    }

    public WsiSettings withNativeTransport(boolean on) {
        return new WsiSettings(writeLowWaterMark, writeHighWaterMark, closeFlushTimeout, closeLinger, on);
    }
}
