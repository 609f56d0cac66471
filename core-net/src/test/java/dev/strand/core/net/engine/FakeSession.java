package dev.strand.core.net.engine;

import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ExchangeProgress;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One session of {@link FakeProtocol}; every call it gets is recorded in {@link #calls}. */
final class FakeSession implements ProtocolSession {

    final FakeProtocol protocol;
    final Link link;
    final SessionListener listener;
    final List<Exchange> bound = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    final Map<Exchange, ReplayClass> replayOnClose = new HashMap<>();
    int capacity;
    boolean ready;
    boolean accepting = true;
    boolean closed;

    FakeSession(FakeProtocol protocol, Link link, SessionListener listener, int capacity, boolean ready) {
        this.protocol = protocol;
        this.link = link;
        this.listener = listener;
        this.capacity = capacity;
        this.ready = ready;
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public int availableCapacity() {
        return accepting ? Math.max(0, capacity - bound.size()) : 0;
    }

    @Override
    public boolean acceptsNewExchanges() {
        return accepting && !closed;
    }

    @Override
    public void bind(Exchange exchange) {
        if (!(exchange instanceof TestExchange)) {
            throw new IllegalArgumentException("not a test exchange: " + exchange);
        }
        if (!ready || !accepting || bound.size() >= capacity) {
            throw new AssertionError("engine bound " + exchange + " against the session's capacity");
        }
        calls.add("bind " + exchange);
        bound.add(exchange);
    }

    @Override
    public void cancel(Exchange exchange) {
        calls.add("cancel " + exchange);
        bound.remove(exchange);
    }

    @Override
    public int activeExchanges() {
        return bound.size();
    }

    @Override
    public void shutdown() {
        calls.add("shutdown");
        accepting = false;
        listener.onDraining(this);
        if (bound.isEmpty()) {
            link.close();
        }
    }

    @Override
    public void abort(Throwable cause) {
        calls.add("abort");
        link.abort(cause);
    }

    @Override
    public void onRead(Link l, ByteBuffer data) {
        calls.add("read " + data.remaining());
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        Throwable why = cause != null ? cause : new IOException("peer closed");
        for (Exchange e : List.copyOf(bound)) {
            bound.remove(e);
            listener.onExchangeFailed(this, e, why, replayOnClose.getOrDefault(e, ReplayClass.IF_IDEMPOTENT));
        }
        listener.onClosed(this, cause);
    }

    // ---- what the test does ------------------------------------------------------------------

    /** The bound instance equal to {@code e}: the engine knows exchanges by identity. */
    private Exchange boundInstance(Exchange e) {
        int i = bound.indexOf(e);
        if (i < 0) {
            throw new AssertionError(e + " is not bound to this session");
        }
        return bound.get(i);
    }

    void complete(Exchange e) {
        Exchange actual = boundInstance(e);
        bound.remove(actual);
        listener.onExchangeCompleted(this, actual);
        if (!accepting && bound.isEmpty()) {
            link.close();
        } else {
            listener.onCapacityChanged(this);
        }
    }

    void fail(Exchange e, ReplayClass replay) {
        Exchange actual = boundInstance(e);
        bound.remove(actual);
        listener.onExchangeFailed(this, actual, new IOException("failed on purpose"), replay);
        listener.onCapacityChanged(this);
    }

    void progress(Exchange e, ExchangeProgress p) {
        listener.onExchangeProgress(this, boundInstance(e), p);
    }

    void becomeReady() {
        ready = true;
        listener.onReady(this);
    }

    void drain() {
        accepting = false;
        listener.onDraining(this);
    }

    void setCapacity(int n) {
        capacity = n;
        listener.onCapacityChanged(this);
    }
}
