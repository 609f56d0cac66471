package dev.strand.core.net.engine;

import dev.strand.api.Loop;
import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.retry.Backoff;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-agnostic client connection engine ({@code spec/queueing.md} §3.2): exchanges to the
 * same {@link PoolKey} share connections. It knows transports ({@link TransportOps}, found in a
 * {@link Providers} registry) and the protocol SPI ({@link ProtocolOps}, {@link
 * dev.strand.api.protocol.ProtocolSession}), and nothing about any particular protocol.
 *
 * <p>What it guarantees, where lws does not ({@code spec/queueing.md} §3.3):
 * <ul>
 *   <li>the queue belongs to the pool: an exchange waits in its key's FIFO until a session that
 *       is ready, accepts new exchanges and has capacity takes it (the least loaded one);</li>
 *   <li>a connection that dies re-dispatches what it carried by {@link ReplayClass}, instead of
 *       failing everything queued behind it; a connect failure before anything was bound is
 *       retried with the key's backoff, and queued exchanges fail only for errors that will
 *       repeat, when the backoff gives up, or at their own deadlines;</li>
 *   <li>the protocol of each connection is chosen at run time from its negotiated ALPN, else the
 *       key's cleartext protocol;</li>
 *   <li>every exchange gets exactly one terminal event, and cancelling one touches no other.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Everything runs on the engine's {@link Loop}. {@link #submit} and
 * {@link ExchangeHandle#cancel()} may be called from any thread and are handed to the loop;
 * {@link #stats()} may be read from any thread. Timers use the loop's clock, so tests drive them
 * with {@code ManualLoop}.
 */
public final class ConnectionEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEngine.class);

    private final Loop loop;
    private final Providers providers;
    private final EngineConfig config;
    private final RandomGenerator random;
    private final EngineCounters counters = new EngineCounters();
    private final Map<PoolKey, Pool> pools = new HashMap<>();
    private final Map<Exchange, ExchangeEntry> live = new IdentityHashMap<>();
    private final List<PooledConnection> exclusive = new ArrayList<>();
    /** The pool the last exchange went to: most clients send to one origin, with the very same key each time. */
    private Pool lastPool;
    private long nextSeq;
    private long nextConnectionId = 1;
    private boolean closed;

    /** An engine on {@code loop} with transports and protocols from {@code providers}. */
    public ConnectionEngine(Loop loop, Providers providers, EngineConfig config) {
        this(loop, providers, config, Backoff.sharedRandom());
    }

    /** As above, with the random source used for backoff jitter (tests pass a fixed one). */
    public ConnectionEngine(Loop loop, Providers providers, EngineConfig config, RandomGenerator random) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The loop everything of this engine runs on. */
    public Loop loop() {
        return loop;
    }

    public EngineConfig config() {
        return config;
    }

    /** The counters now. Any thread. */
    public EngineStats stats() {
        return counters.snapshot();
    }

    /**
     * Queues {@code exchange} on its key's pool. Nothing happens to it before this returns: it is
     * bound on a later turn of the loop. Any thread.
     *
     * @return the handle that cancels it
     */
    public ExchangeHandle submit(PoolKey key, Exchange exchange, ExchangeOptions options, ExchangeObserver observer) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(observer, "observer");
        counters.exchangesSubmitted.incrementAndGet();
        if (loop.inLoop()) {
            return admit(key, exchange, options, observer);
        }
        HandoverHandle h = new HandoverHandle(this);
        loop.execute(() -> h.attach(admit(key, exchange, options, observer)));
        return h;
    }

    /**
     * Closes as {@link #close()} does; called from another thread, it also waits up to
     * {@code timeout} for that to be done on the loop.
     */
    public void closeAndWait(long timeout, TimeUnit unit) {
        if (loop.inLoop()) {
            close();
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            close();
            done.countDown();
        });
        try {
            done.await(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes every connection and fails every exchange still queued or bound. Any thread; the
     * work runs on the loop.
     */
    @Override
    public void close() {
        if (!loop.inLoop()) {
            loop.execute(this::close);
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        IOException cause = new IOException("connection engine closed");
        for (Pool pool : List.copyOf(pools.values())) {
            if (pool.retryTimer != null) {
                pool.retryTimer.cancel();
                pool.retryTimer = null;
            }
            failPending(pool, cause);
            for (PooledConnection c : List.copyOf(pool.connections)) {
                c.abort(cause);
            }
        }
        for (PooledConnection c : List.copyOf(exclusive)) {
            c.abort(cause);
        }
        pools.clear();
        lastPool = null;
    }

    // ---- submission and cancellation ---------------------------------------------------------

    private ExchangeEntry admit(PoolKey key, Exchange exchange, ExchangeOptions options, ExchangeObserver observer) {
        Pool pool = poolFor(key);
        ExchangeEntry e = new ExchangeEntry(this, pool, exchange, options, observer, nextSeq++);
        if (closed) {
            fail(e, new IllegalStateException("connection engine closed"));
            return e;
        }
        if (live.putIfAbsent(exchange, e) != null) {
            fail(e, new IllegalStateException(exchange + " is already submitted and not yet finished"));
            return e;
        }
        e.queued();
        pool.pending.put(e.seq, e);
        requestDispatch(pool);
        return e;
    }

    private Pool poolFor(PoolKey key) {
        Pool last = lastPool;
        if (last != null && last.key == key) {
            return last;
        }
        Pool pool = pools.computeIfAbsent(key, k -> new Pool(k, new Backoff(config.retry(), random)));
        lastPool = pool;
        return pool;
    }

    void cancel(ExchangeEntry e) {
        switch (e.state) {
            case NEW, DONE -> {
                return;
            }
            case PENDING -> e.pool.pending.remove(e.seq);
            case BOUND -> {
                PooledConnection c = e.connection;
                c.bound.remove(e.exchange);
                c.abandoned++;
                c.session.cancel(e.exchange);
                requestDispatch(c.pool);
            }
        }
        fail(e, new CancellationException("exchange cancelled by its owner"));
    }

    void deadlineExceeded(ExchangeEntry e, DeadlineExceededException cause) {
        if (e.state == ExchangeEntry.State.PENDING) {
            e.pool.pending.remove(e.seq);
        } else if (e.state == ExchangeEntry.State.BOUND) {
            PooledConnection c = e.connection;
            c.bound.remove(e.exchange);
            c.abandoned++;
            c.session.cancel(e.exchange);
            requestDispatch(c.pool);
        }
        LOG.debug("{}: {}", e, cause.getMessage());
        fail(e, cause);
    }

    // ---- dispatch ----------------------------------------------------------------------------

    void requestDispatch(Pool pool) {
        if (!pool.dispatchQueued) {
            pool.dispatchQueued = true;
            loop.execute(() -> {
                pool.dispatchQueued = false;
                dispatch(pool);
            });
        }
    }

    private void dispatch(Pool pool) {
        if (closed) {
            return;
        }
        while (!pool.pending.isEmpty()) {
            PooledConnection c = pool.bestConnection();
            if (c == null) {
                break;
            }
            bind(pool.pending.pollFirstEntry().getValue(), c);
        }
        openConnectionsIfNeeded(pool);
        for (PooledConnection c : List.copyOf(pool.connections)) {
            c.updateIdle();
        }
        if (pool.isUnused()) {
            pools.remove(pool.key, pool);
            if (lastPool == pool) {
                lastPool = null;
            }
        }
    }

    private void bind(ExchangeEntry e, PooledConnection c) {
        boolean reused = c.served > 0;
        c.served++;
        e.boundToReused = reused;
        e.bound(c);
        c.bound.put(e.exchange, e);
        counters.exchangesBound.incrementAndGet();
        if (reused) {
            counters.connectionsReused.incrementAndGet();
        }
        if (!e.exchange.returnsConnection()) {
            c.exclusive = true;
            c.pool.connections.remove(c);
            exclusive.add(c);
        }
        try {
            c.session.bind(e.exchange);
        } catch (RuntimeException ex) {
            if (c.bound.remove(e.exchange) != null) {
                LOG.warn("{}: connection #{} refused the exchange: {}", c.pool.key, c.id, ex.toString());
                fail(e, ex);
            }
            return;
        }
        if (e.state == ExchangeEntry.State.BOUND && e.connection == c) {
            notifyBound(e, c.info(reused));
        }
    }

    private void openConnectionsIfNeeded(Pool pool) {
        if (pool.pending.isEmpty() || pool.retryTimer != null) {
            return;
        }
        long demand = pool.pending.size() - (long) pool.connecting() * pool.expectedCapacity;
        while (demand > 0 && pool.connections.size() < config.maxConnectionsPerKey()
                && !pool.pending.isEmpty() && pool.retryTimer == null) {
            open(pool, pool.pending.firstEntry().getValue().options);
            demand -= pool.expectedCapacity;
        }
    }

    private void open(Pool pool, ExchangeOptions options) {
        PooledConnection c = new PooledConnection(nextConnectionId++, pool, this);
        pool.connections.add(c);
        counters.connectAttempts.incrementAndGet();
        counters.openConnections.incrementAndGet();
        LOG.debug("{}: opening connection #{}", pool.key, c.id);
        try {
            TransportOps transport = providers.transportFor(pool.key.endpoint());
            c.armConnectTimer(options.connectTimeout());
            c.attempt = transport.connect(pool.key.endpoint(), pool.key.connectOptions(options.connectTimeout()), loop, c);
        } catch (RuntimeException ex) {
            c.onConnectFailed(ex);
        }
    }

    // ---- what connections report -------------------------------------------------------------

    ProtocolOps protocolFor(PoolKey key, Link link) {
        return ProtocolChoice.forLink(providers, key, link);
    }

    void connectionOpened(PooledConnection c) {
        counters.connectionsOpened.incrementAndGet();
        LOG.debug("{}: connection #{} open to {} speaking {}", c.pool.key, c.id, c.link.peer(), c.protocol);
    }

    void completed(ExchangeEntry e) {
        if (e.finish()) {
            live.remove(e.exchange);
            counters.exchangesCompleted.incrementAndGet();
            try {
                e.observer.onCompleted();
            } catch (RuntimeException ex) {
                LOG.warn("{}: the owner's completion handler threw; no other exchange is affected", e, ex);
            }
        }
    }

    void failedOnConnection(ExchangeEntry e, Throwable cause, ReplayClass replay) {
        if (e.state == ExchangeEntry.State.DONE) {
            return;
        }
        if (!closed && ReplayRules.mayReplay(e, replay, config.maxReplays())) {
            e.replays++;
            counters.exchangesRedispatched.incrementAndGet();
            LOG.debug("{}: re-dispatching after its connection failed ({}, {})", e, replay, cause.toString());
            e.queued();
            e.pool.pending.put(e.seq, e);
            requestDispatch(e.pool);
            return;
        }
        fail(e, cause);
    }

    void connectionClosed(PooledConnection c, Throwable cause, boolean unproductive) {
        Pool pool = c.pool;
        pool.connections.remove(c);
        exclusive.remove(c);
        counters.openConnections.decrementAndGet();
        if (closed) {
            return;
        }
        if (unproductive) {
            counters.connectFailures.incrementAndGet();
            connectFailed(pool, c, cause);
        }
        requestDispatch(pool);
    }

    private void connectFailed(Pool pool, PooledConnection c, Throwable cause) {
        if (ConnectFailures.willRepeat(cause)) {
            LOG.warn("{}: connection #{} failed and would fail again: {}", pool.key, c.id, cause.toString());
            if (!hasLiveConnection(pool)) {
                failPending(pool, cause);
            }
            return;
        }
        OptionalLong delay = pool.backoff.onFailure();
        if (delay.isEmpty()) {
            int attempts = pool.backoff.failures();
            pool.backoff.reset();
            LOG.warn("{}: connection #{} failed, giving up after {} attempts: {}", pool.key, c.id, attempts, cause.toString());
            if (!hasLiveConnection(pool)) {
                failPending(pool, new ConnectException("could not connect to " + pool.key + " in "
                        + attempts + " attempts; last: " + cause));
            }
            return;
        }
        LOG.info("{}: connection #{} failed ({}), retrying in {} ms", pool.key, c.id, cause.toString(), delay.getAsLong());
        if (pool.retryTimer != null) {
            pool.retryTimer.cancel();
        }
        pool.retryTimer = loop.schedule(() -> {
            pool.retryTimer = null;
            requestDispatch(pool);
        }, delay.getAsLong(), TimeUnit.MILLISECONDS);
    }

    private static boolean hasLiveConnection(Pool pool) {
        for (PooledConnection c : pool.connections) {
            if (c.state != PooledConnection.State.CLOSED && !c.draining) {
                return true;
            }
        }
        return false;
    }

    private void failPending(Pool pool, Throwable cause) {
        while (!pool.pending.isEmpty()) {
            fail(pool.pending.pollFirstEntry().getValue(), cause);
        }
    }

    private void fail(ExchangeEntry e, Throwable cause) {
        if (!e.finish()) {
            return;
        }
        live.remove(e.exchange, e);
        counters.exchangesFailed.incrementAndGet();
        try {
            e.observer.onFailed(cause);
        } catch (RuntimeException ex) {
            LOG.warn("{}: the owner's failure handler threw; no other exchange is affected", e, ex);
        }
    }

    private static void notifyBound(ExchangeEntry e, ConnectionInfo info) {
        try {
            e.observer.onBound(info);
        } catch (RuntimeException ex) {
            LOG.warn("{}: the owner's bound handler threw", e, ex);
        }
    }

    Logger log() {
        return LOG;
    }
}
