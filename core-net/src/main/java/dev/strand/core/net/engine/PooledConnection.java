package dev.strand.core.net.engine;

import dev.strand.api.Loop;
import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ExchangeProgress;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One pooled connection: a link being opened, then a protocol session over it. It is the link's
 * handler (passing link events on to the session once there is one) and the session's listener
 * (passing session events on to the engine). It is never a user handle: exchanges are bound to
 * it and leave it, their identity untouched. Confined to the engine's loop.
 */
final class PooledConnection implements LinkHandler, SessionListener {

    enum State { CONNECTING, OPEN, CLOSED }

    final long id;
    final Pool pool;
    private final ConnectionEngine engine;
    final Map<Exchange, ExchangeEntry> bound = new IdentityHashMap<>();

    State state = State.CONNECTING;
    Link link;
    ProtocolSession session;
    String protocol;
    boolean ready;
    boolean draining;
    boolean exclusive;
    int served;
    int completed;
    /** Exchanges the engine cancelled on this connection (owner's cancel, deadlines); the session may close for them. */
    int abandoned;

    Loop.Scheduled attempt;
    private Loop.Scheduled connectTimer;
    private Loop.Scheduled idleTimer;
    private Loop.Scheduled lifetimeTimer;

    PooledConnection(long id, Pool pool, ConnectionEngine engine) {
        this.id = id;
        this.pool = pool;
        this.engine = engine;
    }

    void armConnectTimer(Duration timeout) {
        connectTimer = engine.loop().schedule(() -> connectTimedOut(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean isConnecting() {
        return state == State.CONNECTING || (state == State.OPEN && !ready && !draining);
    }

    boolean canTakeExchange() {
        return state == State.OPEN && ready && !draining && !exclusive && session.isReady()
                && session.acceptsNewExchanges() && session.availableCapacity() > 0;
    }

    int load() {
        return session.activeExchanges();
    }

    ConnectionInfo info(boolean reused) {
        return new ConnectionInfo(id, protocol, link.peer(), reused);
    }

    // ---- link events -------------------------------------------------------------------------

    @Override
    public void onOpen(Link l) {
        if (state != State.CONNECTING) {
            l.close();
            return;
        }
        link = l;
        try {
            var ops = engine.protocolFor(pool.key, l);
            protocol = ops.name();
            session = ops.open(l, this);
        } catch (RuntimeException e) {
            closeBeforeSession(e);
            l.abort(e);
            return;
        }
        state = State.OPEN;
        engine.connectionOpened(this);
        Duration lifetime = engine.config().maxLifetime();
        if (!lifetime.isZero()) {
            lifetimeTimer = engine.loop().schedule(this::lifetimeReached, lifetime.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (session.isReady()) {
            onReady(session);
        }
    }

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (session != null) {
            session.onRead(l, data);
        }
    }

    @Override
    public void onWritable(Link l) {
        if (session != null) {
            session.onWritable(l);
        }
    }

    @Override
    public void onLostCoherence(Link l) {
        if (session != null) {
            session.onLostCoherence(l);
        } else {
            l.abort(new IOException("link lost coherence: " + l.peer()));
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (session != null) {
            session.onClosed(l, cause);
            sessionClosed(cause != null ? cause : new IOException("connection to " + l.peer() + " closed"));
        } else {
            closeBeforeSession(cause != null ? cause : new ConnectException("connection to " + l.peer()
                    + " closed while opening"));
        }
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        closeBeforeSession(cause);
    }

    // ---- session events ----------------------------------------------------------------------

    @Override
    public void onReady(ProtocolSession s) {
        if (s != session || state != State.OPEN || ready) {
            return;
        }
        ready = true;
        cancel(connectTimer);
        connectTimer = null;
        pool.learnCapacity(s.availableCapacity() + s.activeExchanges());
        engine.requestDispatch(pool);
    }

    @Override
    public void onCapacityChanged(ProtocolSession s) {
        if (s != session || state != State.OPEN) {
            return;
        }
        if (ready) {
            pool.learnCapacity(s.availableCapacity() + s.activeExchanges());
        }
        engine.requestDispatch(pool);
    }

    @Override
    public void onExchangeProgress(ProtocolSession s, Exchange exchange, ExchangeProgress progress) {
        ExchangeEntry e = s == session ? bound.get(exchange) : null;
        if (e != null) {
            e.progress(progress);
        }
    }

    @Override
    public void onExchangeCompleted(ProtocolSession s, Exchange exchange) {
        ExchangeEntry e = s == session ? bound.remove(exchange) : null;
        if (e != null) {
            if (completed++ == 0) {
                pool.backoff.reset();
            }
            engine.completed(e);
            engine.requestDispatch(pool);
        }
    }

    @Override
    public void onExchangeFailed(ProtocolSession s, Exchange exchange, Throwable cause, ReplayClass replay) {
        ExchangeEntry e = s == session ? bound.remove(exchange) : null;
        if (e != null) {
            engine.failedOnConnection(e, cause, replay);
            engine.requestDispatch(pool);
        }
    }

    @Override
    public void onDraining(ProtocolSession s) {
        if (s != session || draining) {
            return;
        }
        draining = true;
        cancel(idleTimer);
        idleTimer = null;
        engine.requestDispatch(pool);
    }

    @Override
    public void onClosed(ProtocolSession s, Throwable cause) {
        if (s == session) {
            sessionClosed(cause);
        }
    }

    // ---- engine-driven -----------------------------------------------------------------------

    /** Called after each dispatch: keeps an idle connection warm for a while, then lets it go. */
    void updateIdle() {
        boolean idle = state == State.OPEN && ready && !draining && !exclusive && bound.isEmpty()
                && session.activeExchanges() == 0 && pool.pending.isEmpty();
        if (!idle) {
            cancel(idleTimer);
            idleTimer = null;
            return;
        }
        if (idleTimer == null) {
            Duration keepWarm = engine.config().keepWarm();
            idleTimer = engine.loop().schedule(this::keepWarmExpired, keepWarm.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Closes at once: the engine is shutting down. */
    void abort(Throwable cause) {
        if (state == State.CONNECTING) {
            closeBeforeSession(cause);
        } else if (state == State.OPEN) {
            session.abort(cause);
            sessionClosed(cause);
        }
    }

    private void keepWarmExpired() {
        idleTimer = null;
        if (state == State.OPEN && !draining && bound.isEmpty() && session.activeExchanges() == 0) {
            engine.log().debug("connection #{} to {}: idle for {}, closing", id, pool.key, engine.config().keepWarm());
            draining = true;
            session.shutdown();
        }
    }

    private void lifetimeReached() {
        lifetimeTimer = null;
        if (state == State.OPEN && !draining) {
            engine.log().debug("connection #{} to {}: maximum lifetime reached, draining", id, pool.key);
            draining = true;
            session.shutdown();
            engine.requestDispatch(pool);
        }
    }

    private void connectTimedOut(Duration timeout) {
        connectTimer = null;
        ConnectException cause = new ConnectException("connect to " + pool.key + " timed out after "
                + timeout.toMillis() + " ms");
        if (state == State.CONNECTING) {
            if (attempt != null) {
                attempt.cancel();
            }
            closeBeforeSession(cause);
        } else if (state == State.OPEN && !ready) {
            session.abort(cause);
            sessionClosed(cause);
        }
    }

    private void closeBeforeSession(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelTimers();
        engine.connectionClosed(this, cause, true);
    }

    private void sessionClosed(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelTimers();
        List<ExchangeEntry> unreported = new ArrayList<>(bound.values());
        bound.clear();
        Throwable why = cause != null ? cause : new IOException("connection #" + id + " to " + pool.key + " closed");
        for (ExchangeEntry e : unreported) {
            engine.failedOnConnection(e, why, ReplayClass.IF_IDEMPOTENT);
        }
        engine.connectionClosed(this, cause != null ? cause : why, completed == 0 && abandoned == 0 && (served > 0 || !ready));
    }

    private void cancelTimers() {
        cancel(connectTimer);
        cancel(idleTimer);
        cancel(lifetimeTimer);
        connectTimer = idleTimer = lifetimeTimer = null;
    }

    private static void cancel(Loop.Scheduled s) {
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public String toString() {
        return "connection#" + id + "(" + pool.key + ", " + state + ")";
    }
}
