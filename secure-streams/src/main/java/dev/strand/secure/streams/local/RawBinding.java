package dev.strand.secure.streams.local;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.TransportOps;
import dev.strand.secure.streams.policy.ConnectTarget;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The {@code raw} protocol: the onward connection is a plain byte stream (TCP, or a Unix socket
 * for {@code +/path} and {@code +@name} endpoints; TLS if the policy asks), reached through
 * whatever transport serves the endpoint's scheme. As lws's ss-raw: SOM/EOM are ignored on tx,
 * rx flags are 0, and "connected" means the socket is up. Confined to the stream's loop.
 */
final class RawBinding implements ProtocolBinding, LinkHandler {

    private final BindingSetup setup;
    private final BindingEvents events;
    private Loop.Scheduled attempt;
    private Link link;
    private boolean reading = true;
    private boolean wantWritable;
    private boolean closed;

    RawBinding(BindingSetup setup, BindingEvents events) {
        this.setup = setup;
        this.events = events;
    }

    @Override
    public void open(ConnectTarget target) {
        if (target.kind() == ConnectTarget.Kind.FILE) {
            events.failed(new IOException("raw streams cannot read a file:// endpoint (" + target.address() + ")"));
            return;
        }
        Endpoint endpoint = target.endpoint();
        TransportOps transport;
        try {
            transport = setup.context().providers().transportFor(endpoint);
        } catch (RuntimeException e) {
            events.failed(e);
            return;
        }
        ConnectOptions options = ConnectOptions.DEFAULT.withConnectTimeout(setup.context().connectTimeout());
        if (target.tlsOptions().isPresent()) {
            options = options.withTls(target.tlsOptions().get());
        }
        attempt = transport.connect(endpoint, options, setup.loop(), this);
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
        if (attempt != null) {
            attempt.cancel();
        }
        if (link != null) {
            link.close();
        }
    }

    // ---- link events

    @Override
    public void onOpen(Link l) {
        if (closed) {
            l.close();
            return;
        }
        link = l;
        attempt = null;
        if (!reading) {
            l.setReading(false);
        }
        events.connected();
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        attempt = null;
        if (!closed) {
            closed = true;
            events.failed(cause);
        }
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
