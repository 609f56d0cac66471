package dev.strand.transport.wsi;

import dev.strand.api.Loop;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Loop} over one Netty {@link EventLoop}: tasks, timers and the sockets registered there
 * share its single thread.
 *
 * <p>Give a {@code NettyLoop} (or a {@link NettyLoopGroup}) to {@link WsiTransport} and the link's
 * channel is registered on this very event loop, so link callbacks run without a thread hop and
 * two links on the same loop (a proxied client and its onward connection) share one thread. A
 * task that throws is logged by Netty and the loop carries on. Thread-safe; two wrappers of the
 * same event loop are equal.
 */
public final class NettyLoop implements Loop {

    private static final Logger LOG = LoggerFactory.getLogger(NettyLoop.class);

    private final EventLoop eventLoop;

    private NettyLoop(EventLoop eventLoop) {
        this.eventLoop = Objects.requireNonNull(eventLoop, "eventLoop");
    }

    /**
     * Wraps an event loop. Prefer {@link NettyLoopGroup#loops()} for loops of a group; this is
     * for event loops that some other code owns. Whoever created {@code eventLoop} shuts it down.
     */
    public static NettyLoop of(EventLoop eventLoop) {
        return new NettyLoop(eventLoop);
    }

    /** The Netty event loop this loop runs on. */
    public EventLoop eventLoop() {
        return eventLoop;
    }

    @Override
    public void execute(Runnable task) {
        try {
            eventLoop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: task dropped, the event loop is shut down", this);
        }
    }

    @Override
    public Scheduled schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            ScheduledFuture<?> f = eventLoop.schedule(task, Math.max(0, delay), unit);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: timer dropped, the event loop is shut down", this);
            return () -> false;
        }
    }

    @Override
    public boolean inLoop() {
        return eventLoop.inEventLoop();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NettyLoop other && other.eventLoop == eventLoop;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(eventLoop);
    }

    @Override
    public String toString() {
        return "netty-loop(" + eventLoop + ")";
    }
}
