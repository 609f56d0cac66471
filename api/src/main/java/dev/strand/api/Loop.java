package dev.strand.api;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded event loop: the unit of ownership in Strand.
 *
 * <p>Every link, protocol session and secure stream belongs to one loop. Its callbacks run on the
 * loop's thread, one at a time, and its methods must be called from that thread. Code on another
 * thread hands work over with {@link #execute(Runnable)}. Nothing may block a loop thread.
 *
 * <p>The loop also owns the clock its timers use: {@link #nanoTime()} and
 * {@link #currentTimeMicros()}. Protocol timers (pings, link-loss detection, retries) must read
 * time from here, never from {@link System}, so that tests can drive them with a fake clock.
 *
 * <p>Implementations: {@code dev.strand.core.net.loop} has a plain JDK loop and a manual
 * (fake-clock) loop; {@code dev.strand.transport.wsi} adapts a Netty event loop.
 */
public interface Loop extends Executor, LoopGroup {

    /**
     * Runs {@code task} on this loop, after every task already queued. May be called from any
     * thread, including the loop's own. Tasks submitted after the loop shut down are dropped.
     */
    @Override
    void execute(Runnable task);

    /**
     * Runs {@code task} on this loop once {@code delay} has elapsed on this loop's clock. May be
     * called from any thread. A negative or zero delay runs it as soon as possible.
     *
     * @return a handle that cancels the task if it has not started yet
     */
    Scheduled schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * Cancels a task scheduled on this loop; the same as {@code scheduled.cancel()}.
     *
     * @return {@code true} if the task will now never run
     */
    default boolean cancel(Scheduled scheduled) {
        return scheduled.cancel();
    }

    /** Whether the calling thread is this loop's thread. */
    boolean inLoop();

    /** Monotonic time in nanoseconds on this loop's clock (a fake clock in tests). */
    long nanoTime();

    /** Wall-clock time in microseconds since the Unix epoch, on this loop's clock. */
    long currentTimeMicros();

    /** Monotonic time in microseconds: what lws writes as {@code lws_now_usecs()}. */
    default long monotonicMicros() {
        return nanoTime() / 1000;
    }

    /** A loop is a group of one. */
    @Override
    default Loop next() {
        return this;
    }

    /**
     * Throws {@link IllegalStateException} unless called on this loop's thread. Objects owned by
     * a loop call it at the top of their public methods.
     */
    default void assertInLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("called from " + Thread.currentThread().getName()
                    + ", not from the owning loop " + this);
        }
    }

    /** A task scheduled on a loop. */
    interface Scheduled {
        /**
         * Cancels the task. Safe from any thread, and more than once.
         *
         * @return {@code true} if the task will now never run
         */
        boolean cancel();
    }
}
