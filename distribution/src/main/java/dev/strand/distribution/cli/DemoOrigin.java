package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.Providers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's local origin: a TCP echo server (what the default policy's {@code echo} streamtype
 * reaches), on one loop of its own, echoing with backpressure. Counts what it echoed.
 */
final class DemoOrigin implements AutoCloseable {

    private final EventLoop loop = new EventLoop("strand-demo-origin");
    private final Listener listener;
    final AtomicLong echoed = new AtomicLong();
    final AtomicLong connections = new AtomicLong();

    DemoOrigin(Endpoint at) throws IOException {
        try {
            listener = Providers.shared().transportFor(at).listen(at, loop, l -> new Echo());
        } catch (IOException | RuntimeException e) {
            loop.close();
            throw e;
        }
    }

    Endpoint endpoint() {
        return listener.endpoint();
    }

    @Override
    public void close() {
        listener.close();
        loop.close();
    }

    private final class Echo implements LinkHandler {
        @Override
        public void onOpen(Link link) {
            connections.incrementAndGet();
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            echoed.addAndGet(data.remaining());
            if (!link.write(data)) {
                link.setReading(false);
                link.requestWrite();
            }
        }

        @Override
        public void onWritable(Link link) {
            link.setReading(true);
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
        }
    }
}
