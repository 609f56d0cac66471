package dev.strand.benchmarks.mux;

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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-JVM links ({@code tap:NAME}, carried by {@code mem:NAME}) that count the bytes each side
 * writes and can be cut: while cut, every byte in both directions vanishes and nothing closes,
 * as with a pulled cable. For the measuring tools only. Thread-safe.
 */
final class TapTransport implements TransportOps {

    final AtomicLong clientWrote = new AtomicLong();
    final AtomicLong serverWrote = new AtomicLong();
    private final LoopbackTransport mem = new LoopbackTransport();
    private volatile boolean cut;

    void cut(boolean on) {
        cut = on;
    }

    void resetCounters() {
        clientWrote.set(0);
        serverWrote.set(0);
    }

    @Override
    public String name() {
        return "tap";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("tap");
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        return mem.connect(Endpoint.of("mem", endpoint.address()), options, loop, new Tapped(handler, clientWrote));
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
        Listener inner = mem.listen(Endpoint.of("mem", endpoint.address()), loops, link -> {
            Tapped t = new Tapped(null, serverWrote);
            t.link = new TapLink(link, serverWrote);
            t.user = acceptor.accept(t.link);
            return t;
        });
        return new Listener() {
            @Override
            public Endpoint endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private final class Tapped implements LinkHandler {
        LinkHandler user;
        TapLink link;
        private final AtomicLong counter;

        Tapped(LinkHandler user, AtomicLong counter) {
            this.user = user;
            this.counter = counter;
        }

        @Override
        public void onOpen(Link inner) {
            if (link == null) {
                link = new TapLink(inner, counter);
            }
            user.onOpen(link);
        }

        @Override
        public void onRead(Link inner, ByteBuffer data) {
            if (cut) {
                data.position(data.limit());
                return;
            }
            user.onRead(link, data);
        }

        @Override
        public void onWritable(Link inner) {
            user.onWritable(link);
        }

        @Override
        public void onClosed(Link inner, Throwable cause) {
            user.onClosed(link, cause);
        }

        @Override
        public void onConnectFailed(Throwable cause) {
            user.onConnectFailed(cause);
        }
    }

    private final class TapLink implements Link {
        private final Link inner;
        private final AtomicLong counter;

        TapLink(Link inner, AtomicLong counter) {
            this.inner = inner;
            this.counter = counter;
        }

        @Override
        public Loop loop() {
            return inner.loop();
        }

        @Override
        public String peer() {
            return "tap:" + inner.peer();
        }

        @Override
        public boolean write(ByteBuffer data) {
            if (cut) {
                data.position(data.limit());
                return inner.isWritable();
            }
            counter.addAndGet(data.remaining());
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
