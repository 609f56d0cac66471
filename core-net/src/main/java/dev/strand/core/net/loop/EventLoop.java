package dev.strand.core.net.loop;

import dev.strand.api.Loop;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Loop} on one daemon thread of its own, built on the JDK alone (no Netty), so that it
 * also serves the SSPC-only profile. A task that throws is logged and the loop carries on:
 * nothing escapes a loop. Thread-safe.
 */
public final class EventLoop implements Loop, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    /** A loop whose thread is called {@code strand-loop-N}. */
    public EventLoop() {
        this("strand-loop-" + COUNTER.incrementAndGet());
    }

    /** A loop whose thread is called {@code name}. */
    public EventLoop(String name) {
        this.name = name;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.prestartCoreThread();
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(() -> runGuarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: task dropped, loop is shut down", name);
        }
    }

    @Override
    public Scheduled schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            ScheduledFuture<?> f = executor.schedule(() -> runGuarded(task), Math.max(0, delay), unit);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: timer dropped, loop is shut down", name);
            return () -> false;
        }
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
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

    /** Stops the loop: queued tasks and timers are dropped. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Waits up to {@code timeout} for the loop's thread to finish after {@link #close()}. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("{}: a task failed; the loop carries on", name, t);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
