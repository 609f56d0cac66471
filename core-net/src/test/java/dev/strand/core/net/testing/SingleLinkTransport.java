package dev.strand.core.net.testing;

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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport that says it carries a single link per endpoint, as a serial port does, made of
 * real in-JVM links: {@code line:NAME} is {@code mem:NAME}. It counts connects and keeps every
 * link made on either side, so a test can check how many links were used and close them. Its
 * endpoints take no parameters (it refuses any, as the serial transport refuses unknown ones).
 * Thread-safe.
 */
public final class SingleLinkTransport implements TransportOps {

    private final LoopbackTransport mem = new LoopbackTransport();
    public final AtomicInteger connects = new AtomicInteger();
    public final List<Link> clientLinks = new CopyOnWriteArrayList<>();
    public final List<Link> acceptedLinks = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "single-link";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("line");
    }

    @Override
    public boolean singleLinkPerEndpoint() {
        return true;
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        connects.incrementAndGet();
        return mem.connect(toMem(endpoint), options, loop, new Recording(handler, clientLinks));
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
        Listener l = mem.listen(toMem(endpoint), loops, link -> new Recording(acceptor.accept(link), acceptedLinks));
        return new Listener() {
            @Override
            public Endpoint endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
                l.close();
            }
        };
    }

    private static Endpoint toMem(Endpoint endpoint) {
        if (!endpoint.scheme().equals("line")) {
            throw new IllegalArgumentException("the single-link test transport serves line:NAME, not " + endpoint);
        }
        if (!endpoint.params().isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "': unknown parameters " + endpoint.params().keySet());
        }
        return Endpoint.of("mem", endpoint.address());
    }

    /** Passes every event on, remembering the link once it opens. */
    private record Recording(LinkHandler handler, List<Link> links) implements LinkHandler {
        @Override
        public void onOpen(Link link) {
            links.add(link);
            handler.onOpen(link);
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            handler.onRead(link, data);
        }

        @Override
        public void onWritable(Link link) {
            handler.onWritable(link);
        }

        @Override
        public void onLostCoherence(Link link) {
            handler.onLostCoherence(link);
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
            handler.onClosed(link, cause);
        }

        @Override
        public void onConnectFailed(Throwable cause) {
            handler.onConnectFailed(cause);
        }
    }
}
