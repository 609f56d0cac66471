package dev.strand.benchmarks.http;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one client in a closed loop: {@code inFlight} requests outstanding, each completion sending
 * the next, for a fixed time. Records every latency of the measured window (no coordinated
 * omission correction: this is a throughput test at a fixed concurrency).
 */
final class ClosedLoop {

    /** What one timed window measured, with the CPU time and heap allocation of this whole process during it. */
    record Result(long requests, double seconds, long[] latenciesNanos, long failures, Throwable firstFailure,
                  long cpuNanos, long allocatedBytes) {
        double rate() {
            return requests / seconds;
        }

        /** CPU time of the client's process (every thread: I/O, JIT, GC) per completed request. */
        double cpuMicrosPerRequest() {
            return requests == 0 ? Double.NaN : cpuNanos / 1e3 / requests;
        }

        /** Heap bytes the client's process allocated per completed request (every thread). */
        double bytesPerRequest() {
            return requests == 0 ? Double.NaN : (double) allocatedBytes / requests;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
        }
    }

    private ClosedLoop() {
    }

    /** Runs {@code client} for {@code seconds} with {@code inFlight} outstanding requests to {@code uri}. */
    static Result run(BenchClient client, URI uri, int inFlight, double seconds, int expectedBytes) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> first = new AtomicReference<>();
        LatencyLog log = new LatencyLog(1 << 20);
        CountDownLatch slots = new CountDownLatch(inFlight);
        AtomicInteger stopped = new AtomicInteger();
        long cpuStart = processCpuNanos();
        long allocatedStart = allocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < inFlight; i++) {
            new Slot(client, uri, end, expectedBytes, done, failed, first, log, slots, stopped).next();
        }
        if (!slots.await((long) seconds + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still outstanding 60 s after the run ended");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - cpuStart;
        long allocated = allocatedBytes() - allocatedStart;
        return new Result(done.get(), elapsed, log.snapshot(), failed.get(), first.get(), cpu, allocated);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** One outstanding request at a time, re-sent on completion until the window ends. */
    private record Slot(BenchClient client, URI uri, long end, int expectedBytes, AtomicLong done, AtomicLong failed,
                        AtomicReference<Throwable> first, LatencyLog log, CountDownLatch slots, AtomicInteger stopped) {
        void next() {
            if (System.nanoTime() >= end) {
                slots.countDown();
                return;
            }
            long t0 = System.nanoTime();
            client.get(uri).whenComplete((bytes, e) -> {
                long t = System.nanoTime() - t0;
                if (e != null || bytes != expectedBytes) {
                    failed.incrementAndGet();
                    first.compareAndSet(null, e != null ? e : new IllegalStateException(bytes + " bytes, expected " + expectedBytes));
                } else {
                    done.incrementAndGet();
                    log.add(t);
                }
                next();
            });
        }
    }

    /** Latencies from many threads into one array, dropped beyond its capacity. */
    private static final class LatencyLog {
        private final long[] values;
        private final AtomicInteger size = new AtomicInteger();

        LatencyLog(int capacity) {
            values = new long[capacity];
        }

        void add(long v) {
            int i = size.getAndIncrement();
            if (i < values.length) {
                values[i] = v;
            }
        }

        long[] snapshot() {
            return Arrays.copyOf(values, Math.min(size.get(), values.length));
        }
    }
}
