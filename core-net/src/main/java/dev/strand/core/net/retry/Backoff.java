package dev.strand.core.net.retry;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The retry state of one stream or connection key: a failure count and the delay before the
 * next attempt, as lws computes it. Confined to its owner's loop. The random source is injected
 * so that tests are deterministic.
 */
public final class Backoff {

    private static final int MAX_TRIES = 0xFFFF;

    /** Draws from the calling thread's {@link ThreadLocalRandom}, so loops on many threads can share it. */
    private static final RandomGenerator SHARED_RANDOM = new RandomGenerator() {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public int nextInt(int bound) {
            return ThreadLocalRandom.current().nextInt(bound);
        }
    };

    private final RetryPolicy policy;
    private final RandomGenerator random;
    private int tries;

    public Backoff(RetryPolicy policy, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A jitter source that any number of threads may share: owners that make backoffs for streams
     * on several loops use it (a {@code RandomGenerator.getDefault()} instance is not thread-safe).
     */
    public static RandomGenerator sharedRandom() {
        return SHARED_RANDOM;
    }

    /**
     * Records a failure and returns the delay before the next attempt, jitter included; empty
     * once the failure is no longer concealed (the owner then reports {@code ALL_RETRIES_FAILED}).
     */
    public OptionalLong onFailure() {
        long base = policy.baseDelayMillis(tries);
        long jitter = (base * policy.effectiveJitterPercent() * random.nextInt(1 << 16) >> 16) / 100;
        if (tries < MAX_TRIES) {
            tries++;
        }
        boolean concealed = tries <= policy.conceal();
        return concealed ? OptionalLong.of(base + jitter) : OptionalLong.empty();
    }

    /** Forgets earlier failures: the connection succeeded, or the application asked to connect. */
    public void reset() {
        tries = 0;
    }

    /** Failures recorded since the last reset. */
    public int failures() {
        return tries;
    }

    public RetryPolicy policy() {
        return policy;
    }
}
