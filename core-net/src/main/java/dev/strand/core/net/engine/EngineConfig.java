package dev.strand.core.net.engine;

import dev.strand.core.net.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link ConnectionEngine} manages connections. Immutable; vary it with the
 * {@code with...} methods.
 *
 * @param maxConnectionsPerKey connections one {@link PoolKey} may hold open or opening at once;
 *                             1 gives lws's behaviour (everything queues on one connection)
 * @param keepWarm             how long an idle connection stays open for reuse (lws's
 *                             {@code keep_warm_secs}); {@link Duration#ZERO} closes it as soon as it is idle
 * @param maxLifetime          the longest a connection is used; after that it drains and closes.
 *                             {@link Duration#ZERO} means no limit
 * @param retry                backoff between failed connection attempts of one key, with lws's
 *                             semantics (table, conceal count, jitter); when the failures are no
 *                             longer concealed, the key's queued exchanges fail
 * @param maxReplays           how often one exchange may be re-dispatched after its connection died
 */
public record EngineConfig(int maxConnectionsPerKey, Duration keepWarm, Duration maxLifetime,
                           RetryPolicy retry, int maxReplays) {

    /** Retries after 250 ms, 1 s, 2 s, 4 s (plus up to 30% jitter); the fifth failure is reported. */
    public static final RetryPolicy DEFAULT_RETRY =
            new RetryPolicy("engine-default", List.of(250L, 1000L, 2000L, 4000L), 4, 30, 0, 0);

    /** One connection per key, 5 s keep-warm, no lifetime limit, {@link #DEFAULT_RETRY}, 2 replays. */
    public static final EngineConfig DEFAULT =
            new EngineConfig(1, Duration.ofSeconds(5), Duration.ZERO, DEFAULT_RETRY, 2);

    public EngineConfig {
        if (maxConnectionsPerKey < 1) {
            throw new IllegalArgumentException("maxConnectionsPerKey must be at least 1, not " + maxConnectionsPerKey);
        }
        Objects.requireNonNull(keepWarm, "keepWarm");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (keepWarm.isNegative() || maxLifetime.isNegative()) {
            throw new IllegalArgumentException("keepWarm and maxLifetime must not be negative");
        }
        Objects.requireNonNull(retry, "retry");
        if (maxReplays < 0) {
            throw new IllegalArgumentException("maxReplays must not be negative: " + maxReplays);
        }
    }

    public EngineConfig withMaxConnectionsPerKey(int n) {
        return new EngineConfig(n, keepWarm, maxLifetime, retry, maxReplays);
    }

    public EngineConfig withKeepWarm(Duration d) {
        return new EngineConfig(maxConnectionsPerKey, d, maxLifetime, retry, maxReplays);
    }

    public EngineConfig withMaxLifetime(Duration d) {
        return new EngineConfig(maxConnectionsPerKey, keepWarm, d, retry, maxReplays);
    }

    public EngineConfig withRetry(RetryPolicy policy) {
        return new EngineConfig(maxConnectionsPerKey, keepWarm, maxLifetime, policy, maxReplays);
    }

    public EngineConfig withMaxReplays(int n) {
        return new EngineConfig(maxConnectionsPerKey, keepWarm, maxLifetime, retry, n);
    }
}
