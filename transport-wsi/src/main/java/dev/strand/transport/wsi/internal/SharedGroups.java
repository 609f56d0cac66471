package dev.strand.transport.wsi.internal;

import dev.strand.transport.wsi.NettyLoopGroup;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The lazily created, JVM-wide event loop groups, one per I/O kind, that carry channels whose
 * owner's loop is not a Netty loop. See {@link dev.strand.transport.wsi.WsiResources} for who
 * shuts them down. Shutting down closes the links on them first, while their event loops still
 * run, so that every owner hears {@code onClosed}: an event loop that closes its channels as it
 * terminates may drop the close events it would hand on (Netty 4.2 rejects tasks once terminated).
 * Thread-safe.
 */
public final class SharedGroups {

    private static final Map<IoKind, NettyLoopGroup> GROUPS = new HashMap<>();
    private static final ChannelGroup CHANNELS = new DefaultChannelGroup("strand-wsi-shared", GlobalEventExecutor.INSTANCE);
    private static final long CLOSE_WAIT_SECONDS = 2;

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

    /** Remembers a channel registered on a shared group, until it closes. Any thread. */
    public static void track(Channel channel) {
        CHANNELS.add(channel);
    }

    /**
     * Closes the links on the shared groups (waiting up to {@value #CLOSE_WAIT_SECONDS} s), then
     * every shared group; the next use creates new ones.
     */
    public static void shutdown() {
        List<NettyLoopGroup> groups;
        synchronized (SharedGroups.class) {
            groups = new ArrayList<>(GROUPS.values());
            GROUPS.clear();
        }
        CHANNELS.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        groups.forEach(NettyLoopGroup::close);
    }
}
