package dev.strand.secure.streams.local;

import dev.strand.api.Loop;
import dev.strand.core.net.engine.ConnectionEngine;
import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.retry.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The connection engines every onward connection of a set of streams is made with: one
 * {@link ConnectionEngine} per loop, made on first use, so a stream and its connections share one
 * thread. Raw links and HTTP transactions to the same pool key share the engine's pools (h1 keeps
 * idle connections warm for the next transaction, h2 multiplexes). Thread-safe.
 *
 * <p>The engines never retry a failed connect themselves ({@link #DEFAULT_CONFIG}): a stream's
 * retries follow its policy's backoff, with the states lws reports, so the engine fails the
 * attempt at once and the stream decides.
 */
public final class OnwardEngines implements AutoCloseable {

    /**
     * No engine-level connect retry, up to 64 connections per pool key (lws opens one per h1
     * transaction, unbounded), idle connections kept warm 5 s, 2 replays.
     */
    public static final EngineConfig DEFAULT_CONFIG =
            EngineConfig.DEFAULT.withRetry(RetryPolicy.NONE).withMaxConnectionsPerKey(64);

    private final Providers providers;
    private final RandomGenerator random;
    private final EngineConfig config;
    private final Map<Loop, ConnectionEngine> engines = new ConcurrentHashMap<>();

    public OnwardEngines(Providers providers, RandomGenerator random, EngineConfig config) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.random = Objects.requireNonNull(random, "random");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The engine of {@code loop}, made on first use. Any thread. */
    public ConnectionEngine on(Loop loop) {
        return engines.computeIfAbsent(loop, l -> new ConnectionEngine(l, providers, config, random));
    }

    /** Closes every engine: their connections close and what they carry fails. Any thread. */
    @Override
    public void close() {
        List<ConnectionEngine> all = List.copyOf(engines.values());
        engines.clear();
        all.forEach(ConnectionEngine::close);
    }
}
