package dev.strand.transport.wsi.internal;

import io.netty.channel.EventLoop;
import java.util.Optional;

/**
 * Which I/O kinds exist in this JVM and which one a link should use. Epoll is probed once, on
 * first use. Thread-safe.
 */
public final class IoKinds {

    /** NIO, always available. */
    public static final IoKind NIO = new NioIo();

    private static volatile Probe probe;

    private IoKinds() {
    }

    /** Native epoll, if Netty's epoll classes and native library load here. */
    public static Optional<IoKind> epoll() {
        return Optional.ofNullable(probe().epoll);
    }

    /** Why epoll is unavailable, or an empty string. */
    public static String epollUnavailableReason() {
        return probe().reason;
    }

    /** Epoll if {@code allowNative} and available, else NIO. */
    public static IoKind preferred(boolean allowNative) {
        IoKind e = probe().epoll;
        return allowNative && e != null ? e : NIO;
    }

    /** The kind whose channels can register on {@code loop}, if it is one of ours. */
    public static Optional<IoKind> of(EventLoop loop) {
        IoKind e = probe().epoll;
        if (e != null && e.isCompatible(loop)) {
            return Optional.of(e);
        }
        return NIO.isCompatible(loop) ? Optional.of(NIO) : Optional.empty();
    }

    private static Probe probe() {
        Probe p = probe;
        if (p == null) {
            synchronized (IoKinds.class) {
                p = probe;
                if (p == null) {
                    p = Probe.run();
                    probe = p;
                }
            }
        }
        return p;
    }

    private record Probe(IoKind epoll, String reason) {
        static Probe run() {
            try {
                Throwable why = EpollProbe.unavailability();
                if (why == null) {
                    return new Probe(new EpollIo(), "");
                }
                return new Probe(null, String.valueOf(why));
            } catch (LinkageError e) {
                return new Probe(null, "Netty's epoll classes are not installed (" + e + ")");
            }
        }
    }
}
