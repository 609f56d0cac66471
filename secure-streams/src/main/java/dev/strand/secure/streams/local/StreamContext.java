package dev.strand.secure.streams.local;

import dev.strand.core.net.registry.Providers;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What every {@link LocalStream} of one owner shares: where transports and protocols are found,
 * the engines onward connections are made with, the jitter source of its backoff, and how long
 * one onward connect may take. Immutable; safe to share between loops.
 *
 * @param providers      the transports and protocols onward connections use (looked up per
 *                       connect, so one that arrives later is used)
 * @param random         the backoff jitter source (tests make it deterministic)
 * @param connectTimeout the deadline of one onward connect attempt
 * @param engines        the connection engines, one per loop
 */
public record StreamContext(Providers providers, RandomGenerator random, Duration connectTimeout,
                            OnwardEngines engines) {

    /** lws's default connect deadline (the ssproxy-socket example's 15 s). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    public StreamContext {
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(engines, "engines");
    }

    /** A context with engines of its own ({@link OnwardEngines#DEFAULT_CONFIG}) over {@code providers}. */
    public StreamContext(Providers providers, RandomGenerator random, Duration connectTimeout) {
        this(providers, random, connectTimeout, new OnwardEngines(providers, random, OnwardEngines.DEFAULT_CONFIG));
    }

    /** The process's transports and protocols ({@link Providers#shared()}), the default random source and deadline. */
    public static StreamContext shared() {
        return new StreamContext(Providers.shared(), RandomGenerator.getDefault(), DEFAULT_CONNECT_TIMEOUT);
    }
}
