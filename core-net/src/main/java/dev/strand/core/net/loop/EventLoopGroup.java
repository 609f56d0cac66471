package dev.strand.core.net.loop;

import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A fixed set of {@link EventLoop}s handed out round robin. Thread-safe.
 */
public final class EventLoopGroup implements LoopGroup, AutoCloseable {

    private final List<EventLoop> loops;
    private final AtomicInteger next = new AtomicInteger();

    /** {@code size} loops named {@code prefix-0 .. prefix-(size-1)}. */
    public EventLoopGroup(String prefix, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a loop group needs at least one loop, not " + size);
        }
        this.loops = IntStream.range(0, size).mapToObj(i -> new EventLoop(prefix + "-" + i)).toList();
    }

    /** One loop per available processor. */
    public EventLoopGroup(String prefix) {
        this(prefix, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Loop next() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /** The loops of this group. */
    public List<EventLoop> loops() {
        return loops;
    }

    @Override
    public void close() {
        loops.forEach(EventLoop::close);
    }
}
