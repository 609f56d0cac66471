package dev.strand.conformance;

import dev.strand.api.Endpoint;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw TCP echo origin on 127.0.0.1: every byte read is written back (it stops reading while its
 * socket is above the high-water mark). It can drop every connection, as a restarting origin does.
 */
final class RawEcho implements AutoCloseable {

    private final Listener listener;
    final List<Link> links = new CopyOnWriteArrayList<>();

    RawEcho(WsiTransport wsi, LoopGroup loops) throws IOException {
        listener = wsi.listen(Endpoint.parse("tcp:127.0.0.1:0"), loops, l -> new Echo());
    }

    int port() {
        return listener.endpoint().port();
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
            links.remove(link);
        }
    }
}
