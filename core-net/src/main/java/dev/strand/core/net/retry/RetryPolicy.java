package dev.strand.core.net.retry;

import java.util.List;
import java.util.Objects;

/**
 * A named backoff scheme, as a policy's {@code retry} section declares it. Immutable.
 *
 * @param name                the scheme's name in the policy
 * @param backoffMillis       delays before successive retries; the last one repeats (1..8 entries in lws)
 * @param conceal             how many failures are hidden before {@code ALL_RETRIES_FAILED};
 *                            {@link #CONCEAL_FOREVER} never gives up
 * @param jitterPercent       random extra delay, up to this percent of the delay; 0 means 30
 * @param validityPingSeconds idle seconds after which a validity ping is sent (0: none)
 * @param validityHangupSeconds idle seconds after which the connection is dropped (0: never)
 */
public record RetryPolicy(String name, List<Long> backoffMillis, int conceal, int jitterPercent,
                          int validityPingSeconds, int validityHangupSeconds) {

    /** A {@code conceal} value that hides every failure: retry forever. */
    public static final int CONCEAL_FOREVER = 65535;

    /** Jitter percentage used when a scheme gives 0. */
    public static final int DEFAULT_JITTER_PERCENT = 30;

    /** What a streamtype with no {@code retry} entry gets: 3 s, nothing concealed. */
    public static final RetryPolicy NONE = new RetryPolicy("(none)", List.of(3000L), 0, 0, 0, 0);

    public RetryPolicy {
        Objects.requireNonNull(name, "name");
        backoffMillis = List.copyOf(backoffMillis);
        if (backoffMillis.isEmpty()) {
            throw new IllegalArgumentException("retry '" + name + "': backoff needs at least one delay");
        }
        for (Long ms : backoffMillis) {
            if (ms < 0) {
                throw new IllegalArgumentException("retry '" + name + "': backoff delay " + ms + " is negative");
            }
        }
        if (conceal < 0 || conceal > CONCEAL_FOREVER) {
            throw new IllegalArgumentException("retry '" + name + "': conceal " + conceal + " is outside 0..65535");
        }
        if (jitterPercent < 0 || jitterPercent > 100) {
            throw new IllegalArgumentException("retry '" + name + "': jitterpc " + jitterPercent + " is outside 0..100");
        }
        if (validityPingSeconds < 0 || validityHangupSeconds < 0) {
            throw new IllegalArgumentException("retry '" + name + "': validity times must not be negative");
        }
    }

    /** A scheme with the given delays and conceal count, default jitter, no validity checks. */
    public static RetryPolicy of(String name, int conceal, long... backoffMillis) {
        return new RetryPolicy(name, java.util.Arrays.stream(backoffMillis).boxed().toList(), conceal, 0, 0, 0);
    }

    /** The jitter percentage actually applied. */
    public int effectiveJitterPercent() {
        return jitterPercent == 0 ? DEFAULT_JITTER_PERCENT : jitterPercent;
    }

    /** The base delay (before jitter) for the retry after {@code failures} earlier failures. */
    public long baseDelayMillis(int failures) {
        return backoffMillis.get(Math.min(failures, backoffMillis.size() - 1));
    }
}
