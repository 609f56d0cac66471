package dev.strand.examples.binance;

/**
 * Minimum, maximum, sum and count of the samples of one reporting window: lws's {@code range_t}.
 * Not thread-safe.
 */
final class Range {

    private long min;
    private long max;
    private long sum;
    private int samples;

    Range() {
        reset();
    }

    void add(long v) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
        samples++;
    }

    void reset() {
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
        sum = 0;
        samples = 0;
    }

    int samples() {
        return samples;
    }

    long min() {
        return min;
    }

    long max() {
        return max;
    }

    /** The mean, truncated toward zero; 0 without samples. */
    long average() {
        return samples == 0 ? 0 : sum / samples;
    }
}
