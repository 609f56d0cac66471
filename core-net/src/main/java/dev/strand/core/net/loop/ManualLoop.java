package dev.strand.core.net.loop;

import dev.strand.api.Loop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Loop} with a fake clock, driven by the thread that created it (the test thread, which
 * counts as the loop's thread). Nothing runs until that thread calls {@link #runPending()} or
 * {@link #advance(Duration)}; time moves only through {@code advance}. Tasks may be submitted
 * from any thread.
 *
 * <p>This is how Strand tests protocol timers (pings, link-loss detection, retries) without
 * sleeping: {@code loop.advance(Duration.ofSeconds(12))} fires every timer due in those 12 s, in
 * order, running the tasks they queue in between.
 */
public final class ManualLoop implements Loop {

    private static final long EPOCH_MICROS = 1_795_643_935_957_860L;

    private final Thread owner = Thread.currentThread();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long nanos = 1_000_000_000L;
    private long sequence;

    @Override
    public synchronized void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public synchronized Scheduled schedule(Runnable task, long delay, TimeUnit unit) {
        Timer t = new Timer(nanos + Math.max(0, unit.toNanos(delay)), sequence++, task);
        timers.add(t);
        return t;
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == owner;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    /** Starts at a fixed 2026 date and moves with the fake clock. */
    @Override
    public synchronized long currentTimeMicros() {
        return EPOCH_MICROS + nanos / 1000;
    }

    /**
     * Runs queued tasks, and the tasks they queue, until none is left. Timers do not fire.
     *
     * @return the number of tasks run
     */
    public int runPending() {
        assertInLoop();
        int n = 0;
        for (Runnable r; (r = poll()) != null; n++) {
            r.run();
        }
        return n;
    }

    /** Moves the clock forward by {@code d}, firing due timers in order, running pending tasks between them. */
    public void advance(Duration d) {
        assertInLoop();
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        runPending();
        for (Timer t; (t = dueBy(target)) != null; ) {
            t.task.run();
            runPending();
        }
        synchronized (this) {
            nanos = target;
        }
        runPending();
    }

    /** Moves the clock forward by {@code millis} ms. */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** How many timers are armed. */
    public synchronized int pendingTimers() {
        return (int) timers.stream().filter(t -> !t.cancelled).count();
    }

    private synchronized Runnable poll() {
        return ready.poll();
    }

    private synchronized Timer dueBy(long target) {
        while (!timers.isEmpty()) {
            Timer head = timers.peek();
            if (head.cancelled) {
                timers.poll();
                continue;
            }
            if (head.deadline > target) {
                return null;
            }
            timers.poll();
            nanos = Math.max(nanos, head.deadline);
            head.fired = true;
            return head;
        }
        return null;
    }

    @Override
    public String toString() {
        return "manual-loop@" + nanos + "ns";
    }

    private final class Timer implements Comparable<Timer>, Scheduled {
        final long deadline;
        final long seq;
        final Runnable task;
        boolean cancelled;
        boolean fired;

        Timer(long deadline, long seq, Runnable task) {
            this.deadline = deadline;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public boolean cancel() {
            synchronized (ManualLoop.this) {
                if (fired || cancelled) {
                    return false;
                }
                cancelled = true;
                return true;
            }
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
