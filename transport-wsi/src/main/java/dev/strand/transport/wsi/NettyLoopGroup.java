package dev.strand.transport.wsi;

import dev.strand.api.LoopGroup;
import dev.strand.transport.wsi.internal.IoKind;
import dev.strand.transport.wsi.internal.IoKinds;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoopGroup} over a Netty event loop group: {@link #next()} hands out the group's
 * {@link NettyLoop}s round robin (Netty's chooser), always the same wrapper per event loop.
 *
 * <p>Pass it to {@link WsiTransport#listen} and every accepted link's channel lives on the loop
 * it is handed to; pass one of its loops to {@link WsiTransport#connect} and the outgoing channel
 * does too. Whoever creates a group owns it and closes it; links on it close with it. Thread-safe.
 */
public final class NettyLoopGroup implements LoopGroup, AutoCloseable {

    private final EventLoopGroup group;
    private final Map<EventExecutor, NettyLoop> loops = new IdentityHashMap<>();
    private final List<NettyLoop> loopList = new ArrayList<>();

    private NettyLoopGroup(EventLoopGroup group) {
        this.group = group;
        for (EventExecutor e : group) {
            NettyLoop loop = NettyLoop.of((EventLoop) e);
            loops.put(e, loop);
            loopList.add(loop);
        }
    }

    /**
     * {@code threads} daemon threads named {@code name-N}, on native epoll when it is available
     * and NIO otherwise.
     */
    public static NettyLoopGroup create(String name, int threads) {
        return of(IoKinds.preferred(true), name, threads);
    }

    /** {@code threads} daemon threads on NIO (no abstract Unix socket names). */
    public static NettyLoopGroup nio(String name, int threads) {
        return of(IoKinds.NIO, name, threads);
    }

    /**
     * {@code threads} daemon threads on native epoll.
     *
     * @throws IllegalStateException if native epoll is not available here, saying why
     */
    public static NettyLoopGroup epoll(String name, int threads) {
        return of(IoKinds.epoll().orElseThrow(() -> new IllegalStateException(
                "native epoll is not available: " + IoKinds.epollUnavailableReason())), name, threads);
    }

    /** Wraps a group that some other code created and will shut down. */
    public static NettyLoopGroup wrap(EventLoopGroup group) {
        return new NettyLoopGroup(group);
    }

    private static NettyLoopGroup of(IoKind kind, String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a loop group needs at least one thread, not " + threads);
        }
        return new NettyLoopGroup(new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory(name, true), kind.ioHandlerFactory()));
    }

    @Override
    public NettyLoop next() {
        return loops.get(group.next());
    }

    /** The loops of this group, one per thread. */
    public List<NettyLoop> loops() {
        return List.copyOf(loopList);
    }

    /** The Netty group underneath. */
    public EventLoopGroup eventLoopGroup() {
        return group;
    }

    /** Whether this group runs native epoll (and so can carry abstract Unix socket names). */
    public boolean isNative() {
        return IoKinds.of(loopList.get(0).eventLoop()).map(IoKind::isNative).orElse(false);
    }

    /**
     * Shuts the group down: links on it close, queued tasks are dropped. Waits up to 5 s for the
     * threads to finish unless called from one of them. Idempotent.
     */
    @Override
    public void close() {
        var done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boolean onOwnThread = loopList.stream().anyMatch(NettyLoop::inLoop);
        if (!onOwnThread) {
            done.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "netty-loop-group" + loopList;
    }
}
