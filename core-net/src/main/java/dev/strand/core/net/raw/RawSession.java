package dev.strand.core.net.raw;

import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * One raw connection: capacity one, and the exchange bound to it takes the link for good. Until
 * then the link is not read (nothing may be lost before the owner is there); on the loop turn
 * after {@link #bind} the engine hears the exchange completed and the owner gets the link, after
 * which every link event goes to the owner. A link that closes before the hand-over fails the
 * exchange as {@link ReplayClass#NOT_PROCESSED} (nothing was sent on it). Confined to the link's
 * loop.
 */
final class RawSession implements ProtocolSession {

    private final Link link;
    private final SessionListener listener;
    private RawExchange exchange;
    private LinkHandler owner;
    private boolean cancelled;
    private boolean closed;

    RawSession(Link link, SessionListener listener) {
        this.link = link;
        this.listener = listener;
        link.setReading(false);
    }

    @Override
    public boolean isReady() {
        return !closed;
    }

    @Override
    public int availableCapacity() {
        return acceptsNewExchanges() ? 1 : 0;
    }

    @Override
    public boolean acceptsNewExchanges() {
        return exchange == null && !closed;
    }

    @Override
    public void bind(Exchange e) {
        if (!(e instanceof RawExchange raw)) {
            throw new IllegalArgumentException("raw carries raw exchanges, not " + e.getClass().getName());
        }
        if (!acceptsNewExchanges()) {
            throw new IllegalStateException("raw connection to " + link.peer() + " already carries an exchange");
        }
        exchange = raw;
        link.loop().execute(this::handOver);
    }

    private void handOver() {
        if (closed || cancelled) {
            return;
        }
        owner = exchange.owner();
        listener.onExchangeCompleted(this, exchange);
        link.setReading(true);
        owner.onOpen(link);
    }

    @Override
    public void cancel(Exchange e) {
        if (e == exchange && owner == null) {
            cancelled = true;
            link.close();
        }
    }

    @Override
    public int activeExchanges() {
        return exchange != null && owner == null && !cancelled ? 1 : 0;
    }

    @Override
    public void shutdown() {
        if (owner == null) {
            listener.onDraining(this);
            link.close();
        }
    }

    @Override
    public void abort(Throwable cause) {
        link.abort(cause);
    }

    // ---- link events: the owner's once it has the link

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (owner != null) {
            owner.onRead(l, data);
        } else {
            data.position(data.limit());
        }
    }

    @Override
    public void onWritable(Link l) {
        if (owner != null) {
            owner.onWritable(l);
        }
    }

    @Override
    public void onLostCoherence(Link l) {
        if (owner != null) {
            owner.onLostCoherence(l);
        } else {
            ProtocolSession.super.onLostCoherence(l);
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        if (owner != null) {
            owner.onClosed(l, cause);
        } else if (exchange != null && !cancelled) {
            listener.onExchangeFailed(this, exchange, cause != null ? cause
                    : new EOFException("raw connection to " + link.peer() + " closed before it was handed over"),
                    ReplayClass.NOT_PROCESSED);
        }
        listener.onClosed(this, cause);
    }

    @Override
    public String toString() {
        return "raw(" + link.peer() + (owner != null ? ", taken" : exchange != null ? ", bound" : "") + ")";
    }
}
