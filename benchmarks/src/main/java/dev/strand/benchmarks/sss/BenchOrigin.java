package dev.strand.benchmarks.sss;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.transport.wsi.WsiResources;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/** The load tool's origin: a TCP echo server with backpressure, on the shared Netty loops. */
final class BenchOrigin implements AutoCloseable {

    private final Listener listener;
    final AtomicInteger open = new AtomicInteger();

    BenchOrigin(int port) throws IOException {
        listener = new WsiTransport().listen(Endpoint.parse("tcp:127.0.0.1:" + port), WsiResources.sharedLoops(),
                l -> new LinkHandler() {
                    @Override
                    public void onOpen(Link link) {
                        open.incrementAndGet();
                    }

                    @Override
                    public void onRead(Link link, ByteBuffer data) {
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
                        open.decrementAndGet();
                    }
                });
    }

    @Override
    public void close() {
        listener.close();
    }
}
