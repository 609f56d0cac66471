package dev.strand.core.net.engine;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scheme {@code gate:NAME}: a connect waits until the test releases it, then goes to
 * {@code mem:NAME}; the link it makes reports the ALPN the test chose (if any). Lets tests hold a
 * connection in its opening phase, abandon it, or pretend TLS picked a protocol.
 */
final class GateTransport implements TransportOps {

    private final LoopbackTransport loopback = new LoopbackTransport();
    final List<Attempt> attempts = new ArrayList<>();
    String alpn;

    final class Attempt implements Loop.Scheduled {
        final Endpoint endpoint;
        final ConnectOptions options;
        final Loop loop;
        final LinkHandler handler;
        boolean cancelled;
        boolean released;

        Attempt(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
            this.endpoint = endpoint;
            this.options = options;
            this.loop = loop;
            this.handler = handler;
        }

        void release() {
            released = true;
            String chosen = alpn;
            loopback.connect(Endpoint.of("mem", endpoint.address()), options, loop,
                    chosen == null ? handler : new AlpnHandler(handler, chosen));
        }

        @Override
        public boolean cancel() {
            boolean was = !cancelled && !released;
            cancelled = true;
            return was;
        }
    }

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("gate");
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        Attempt a = new Attempt(endpoint, options, loop, handler);
        attempts.add(a);
        return a;
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) {
        throw new UnsupportedOperationException("connect only");
    }

    Attempt last() {
        return attempts.get(attempts.size() - 1);
    }

    /** Passes link events on, presenting the link as one whose TLS handshake chose {@code alpn}. */
    private record AlpnHandler(LinkHandler inner, String alpn) implements LinkHandler {
        @Override
        public void onOpen(Link link) {
            inner.onOpen(new AlpnLink(link, alpn));
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            inner.onRead(new AlpnLink(link, alpn), data);
        }

        @Override
        public void onWritable(Link link) {
            inner.onWritable(new AlpnLink(link, alpn));
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
            inner.onClosed(new AlpnLink(link, alpn), cause);
        }

        @Override
        public void onConnectFailed(Throwable cause) {
            inner.onConnectFailed(cause);
        }
    }

    private record AlpnLink(Link inner, String alpn) implements Link {
        @Override
        public Loop loop() {
            return inner.loop();
        }

        @Override
        public String peer() {
            return inner.peer();
        }

        @Override
        public Optional<String> negotiatedAlpn() {
            return Optional.of(alpn);
        }

        @Override
        public boolean write(ByteBuffer data) {
            return inner.write(data);
        }

        @Override
        public boolean isWritable() {
            return inner.isWritable();
        }

        @Override
        public void requestWrite() {
            inner.requestWrite();
        }

        @Override
        public void setReading(boolean on) {
            inner.setReading(on);
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public void abort(Throwable cause) {
            inner.abort(cause);
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }
    }
}
