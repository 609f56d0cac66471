package dev.strand.secure.streams.local;

import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.core.net.engine.ExchangeHandle;
import dev.strand.core.net.engine.ExchangeObserver;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.core.net.raw.RawExchange;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.secure.streams.policy.ConnectTarget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The {@code raw} protocol: the onward connection is a plain byte stream (TCP, or a Unix socket
 * for {@code +/path} and {@code +@name} endpoints, or any Strand endpoint named by
 * {@code strand_transport_endpoint}; TLS from the policy's trust store, or the JDK's CAs, if the
 * policy asks), made through the loop's connection engine as a {@link RawExchange}
 * whose link is handed to this binding. As lws's ss-raw: SOM/EOM are ignored on tx, rx flags are
 * 0, and "connected" means the link is up. Confined to the stream's loop.
 */
final class RawBinding implements ProtocolBinding, LinkHandler, ExchangeObserver {

    private final BindingSetup setup;
    private final BindingEvents events;
    private ExchangeHandle exchange;
    private Link link;
    private boolean reading = true;
    private boolean wantWritable;
    private boolean closed;

    RawBinding(BindingSetup setup, BindingEvents events) {
        this.setup = setup;
        this.events = events;
    }

    /** The pool a raw connection to {@code target} comes from: its endpoint, the policy's TLS, the raw protocol. */
    static PoolKey keyFor(ConnectTarget target) {
        return new PoolKey(RawProtocol.NAME, target.endpoint(), target.tlsOptions(), RawProtocol.NAME);
    }

    @Override
    public void open(ConnectTarget target) {
        if (target.kind() == ConnectTarget.Kind.FILE) {
            events.failed(new IOException("raw streams cannot read a file:// endpoint (" + target.address() + ")"));
            return;
        }
        Duration connect = setup.context().connectTimeout();
        ExchangeOptions options = new ExchangeOptions(connect, connect, Duration.ZERO, Duration.ZERO);
        exchange = setup.context().engines().on(setup.loop()).submit(keyFor(target), new RawExchange(this), options, this);
    }

    @Override
    public boolean write(ByteBuffer piece, int flags) {
        if (link == null) {
            piece.position(piece.limit());
            return true;
        }
        boolean more = link.write(piece);
        if (!more) {
            wantWritable = true;
            link.requestWrite();
        }
        return more;
    }

    @Override
    public void setReading(boolean on) {
        reading = on;
        if (link != null) {
            link.setReading(on);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (link != null) {
            link.close();
        } else if (exchange != null) {
            exchange.cancel();
        }
    }

    // ---- the engine

    @Override
    public void onCompleted() {
        // the link arrives through onOpen
    }

    @Override
    public void onFailed(Throwable cause) {
        if (!closed) {
            closed = true;
            events.failed(cause);
        }
    }

    // ---- the link, once handed over

    @Override
    public void onOpen(Link l) {
        if (closed) {
            l.close();
            return;
        }
        link = l;
        if (!reading) {
            l.setReading(false);
        }
        events.connected();
    }

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (closed) {
            data.position(data.limit());
            return;
        }
        events.rx(data, 0);
    }

    @Override
    public void onWritable(Link l) {
        if (wantWritable && !closed) {
            wantWritable = false;
            events.writable();
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        link = null;
        if (!closed) {
            closed = true;
            events.closed(cause);
        }
    }
}
