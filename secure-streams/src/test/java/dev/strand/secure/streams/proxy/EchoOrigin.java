package dev.strand.secure.streams.proxy;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.transport.wsi.WsiResources;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP echo server on 127.0.0.1 (an ephemeral port), as the demo's origin: every byte read
 * is written back, with backpressure (it stops reading while its socket is above its high-water
 * mark). It can stop echoing (a slow origin) and drop every connection (a restart).
 */
final class EchoOrigin implements AutoCloseable {

    private final Listener listener;
    final List<Link> links = new CopyOnWriteArrayList<>();
    final AtomicLong bytesIn = new AtomicLong();
    private volatile boolean reading = true;

    EchoOrigin() throws IOException {
        listener = new WsiTransport().listen(Endpoint.parse("tcp:127.0.0.1:0"), WsiResources.sharedLoops(), l -> new Echo());
    }

    int port() {
        return listener.endpoint().port();
    }

    /** Stops ({@code false}) or resumes reading on every connection, now and later. */
    void reading(boolean on) {
        reading = on;
        for (Link l : links) {
            l.loop().execute(() -> l.setReading(on));
        }
    }

    /** Aborts every open connection. */
    void dropAll() {
        for (Link l : links) {
            l.loop().execute(() -> l.abort(new IOException("origin dropped the connection")));
        }
    }

    @Override
    public void close() {
        listener.close();
        dropAll();
    }

    private final class Echo implements LinkHandler {
        @Override
        public void onOpen(Link link) {
            links.add(link);
            if (!reading) {
                link.setReading(false);
            }
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            bytesIn.addAndGet(data.remaining());
            if (!link.write(data)) {
                link.setReading(false);
                link.requestWrite();
            }
        }

        @Override
        public void onWritable(Link link) {
            link.setReading(reading);
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
            links.remove(link);
        }
    }
}
