package dev.strand.core.net.testing;

import dev.strand.api.Endpoint;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fault-injecting middlebox for tests: it listens on one endpoint and relays every accepted link
 * to a target endpoint, with backpressure, and can stop relaying (stall), drop everything
 * silently as a cut cable does (cut), inject bytes towards either side, or reset the relayed
 * links. Thread-safe; each relayed pair lives on the loop of its accepted link.
 */
public final class Relay implements AutoCloseable {

    private final TransportOps transport;
    private final Endpoint target;
    private final Listener listener;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;
    private volatile boolean cut;

    public Relay(TransportOps transport, Endpoint listenOn, Endpoint target, LoopGroup loops) throws IOException {
        this.transport = transport;
        this.target = target;
        this.listener = transport.listen(listenOn, loops, this::accept);
    }

    public Endpoint endpoint() {
        return listener.endpoint();
    }

    /** Stops relaying; bytes wait (backpressure reaches the writers). */
    public void stall() {
        stalled = true;
        pairs.forEach(p -> p.loop(p::applyReading));
    }

    public void resume() {
        stalled = false;
        pairs.forEach(p -> p.loop(p::applyReading));
    }

    /** Drops every byte in both directions without closing anything, or relays again. */
    public void cut(boolean on) {
        cut = on;
    }

    /** Writes {@code bytes} to the target side of every relayed pair, as if the client had sent them. */
    public void injectTowardsTarget(byte[] bytes) {
        pairs.forEach(p -> p.loop(() -> p.server.write(ByteBuffer.wrap(bytes))));
    }

    /** Writes {@code bytes} to the accepted side, as if the target had sent them. */
    public void injectTowardsClient(byte[] bytes) {
        pairs.forEach(p -> p.loop(() -> p.client.write(ByteBuffer.wrap(bytes))));
    }

    /** Closes every relayed pair at once: both sides see a reset. */
    public void resetAll() {
        pairs.forEach(p -> p.loop(() -> p.reset(new IOException("relay reset"))));
    }

    public int pairs() {
        return pairs.size();
    }

    @Override
    public void close() {
        listener.close();
        resetAll();
    }

    private LinkHandler accept(Link clientSide) {
        Pair p = new Pair(clientSide);
        pairs.add(p);
        return p.fromClient;
    }

    private final class Pair {
        final Link client;
        Link server;
        boolean closed;

        final LinkHandler fromClient = new LinkHandler() {
            @Override
            public void onOpen(Link link) {
                link.setReading(false);
                transport.connect(target, ConnectOptions.DEFAULT, link.loop(), fromServer);
            }

            @Override
            public void onRead(Link link, ByteBuffer data) {
                forward(data, server, client);
            }

            @Override
            public void onWritable(Link link) {
                applyReading();
            }

            @Override
            public void onClosed(Link link, Throwable cause) {
                reset(cause);
            }
        };

        final LinkHandler fromServer = new LinkHandler() {
            @Override
            public void onOpen(Link link) {
                server = link;
                applyReading();
            }

            @Override
            public void onRead(Link link, ByteBuffer data) {
                forward(data, client, server);
            }

            @Override
            public void onWritable(Link link) {
                applyReading();
            }

            @Override
            public void onClosed(Link link, Throwable cause) {
                reset(cause);
            }

            @Override
            public void onConnectFailed(Throwable cause) {
                reset(cause);
            }
        };

        Pair(Link client) {
            this.client = client;
        }

        void loop(Runnable r) {
            client.loop().execute(r);
        }

        void forward(ByteBuffer data, Link to, Link from) {
            if (cut || closed) {
                data.position(data.limit());
                return;
            }
            if (!to.write(data)) {
                from.setReading(false);
                to.requestWrite();
            }
        }

        void applyReading() {
            if (closed || server == null) {
                return;
            }
            client.setReading(!stalled && server.isWritable());
            server.setReading(!stalled && client.isWritable());
            if (!server.isWritable()) {
                server.requestWrite();
            }
            if (!client.isWritable()) {
                client.requestWrite();
            }
        }

        void reset(Throwable cause) {
            if (closed) {
                return;
            }
            closed = true;
            pairs.remove(this);
            Throwable why = cause == null ? new IOException("relayed link closed") : cause;
            client.abort(why);
            if (server != null) {
                server.abort(why);
            }
        }
    }
}
