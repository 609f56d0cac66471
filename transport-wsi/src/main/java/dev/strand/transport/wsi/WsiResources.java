package dev.strand.transport.wsi;

import dev.strand.transport.wsi.internal.IoKinds;
import dev.strand.transport.wsi.internal.SharedGroups;

/**
 * The Netty event loop groups that {@link WsiTransport} shares across the JVM (per class loader).
 *
 * <p><b>What runs there.</b> A link whose loop is not a {@link NettyLoop} (a core-net
 * {@code EventLoop}, a test's {@code ManualLoop}) has its channel on one of these groups and its
 * events handed to its own loop with {@code execute}. Listeners whose {@code LoopGroup} is not a
 * {@link NettyLoopGroup} accept on them too. Anyone may also run links directly on them through
 * {@link #sharedLoops()}.
 *
 * <p><b>Ownership.</b> The groups are created lazily, on first use, with one daemon thread per
 * processor, and belong to this class, not to any transport instance (discovery makes several).
 * Only the application's owner shuts them down: the launcher at exit, or, in OSGi, this bundle's
 * activator when the bundle stops. {@link #shutdown()} closes every link and listener on them;
 * a later use creates fresh groups.
 */
public final class WsiResources {

    private WsiResources() {
    }

    /** The shared group on the best available I/O (native epoll, else NIO), created if needed. */
    public static NettyLoopGroup sharedLoops() {
        return SharedGroups.group(IoKinds.preferred(true));
    }

    /** Whether native epoll is available in this JVM. */
    public static boolean nativeTransportAvailable() {
        return IoKinds.epoll().isPresent();
    }

    /** Why native epoll is unavailable, or an empty string if it is available. */
    public static String nativeTransportUnavailableReason() {
        return IoKinds.epollUnavailableReason();
    }

    /**
     * Shuts the shared groups down and waits up to a few seconds for their threads. Idempotent;
     * must not be called from a shared group's own thread.
     */
    public static void shutdown() {
        SharedGroups.shutdown();
    }
}
