package dev.strand.transport.wsi.internal;

import dev.strand.transport.wsi.NettyLoopGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lazily created, JVM-wide event loop groups, one per I/O kind, that carry channels whose
 * owner's loop is not a Netty loop. See {@link dev.strand.transport.wsi.WsiResources} for who
 * shuts them down. Thread-safe.
 */
public final class SharedGroups {

    private static final Map<IoKind, NettyLoopGroup> GROUPS = new HashMap<>();

    private SharedGroups() {
    }

    /** The shared group of {@code kind}, created on first use with one thread per processor. */
    public static synchronized NettyLoopGroup group(IoKind kind) {
        return GROUPS.computeIfAbsent(kind, k -> {
            int threads = Runtime.getRuntime().availableProcessors();
            String name = "strand-wsi-" + k.name();
            return k.isNative() ? NettyLoopGroup.epoll(name, threads) : NettyLoopGroup.nio(name, threads);
        });
    }

    /** Closes every shared group; the next use creates new ones. */
    public static void shutdown() {
        List<NettyLoopGroup> groups;
        synchronized (SharedGroups.class) {
            groups = new ArrayList<>(GROUPS.values());
            GROUPS.clear();
        }
        groups.forEach(NettyLoopGroup::close);
    }
}
