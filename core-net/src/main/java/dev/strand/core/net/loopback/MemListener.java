package dev.strand.core.net.loopback;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A registered {@code mem:NAME}: makes linked pairs for connecting clients. Thread-safe. */
final class MemListener implements Listener {

    private final Endpoint endpoint;
    private final LoopGroup loops;
    private final LinkAcceptor acceptor;
    private final Map<String, MemListener> registry;
    private final AtomicInteger accepted = new AtomicInteger();

    MemListener(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor, Map<String, MemListener> registry) {
        this.endpoint = endpoint;
        this.loops = loops;
        this.acceptor = acceptor;
        this.registry = registry;
    }

    void connect(Loop clientLoop, LinkHandler clientHandler) {
        int n = accepted.incrementAndGet();
        Loop serverLoop = loops.next();
        MemLink client = new MemLink(clientLoop, endpoint + "#" + n + "/server", LoopbackTransport.DEFAULT_HIGH_WATER);
        MemLink server = new MemLink(serverLoop, endpoint + "#" + n + "/client", LoopbackTransport.DEFAULT_HIGH_WATER);
        client.pair(server);
        server.pair(client);
        serverLoop.execute(() -> server.open(acceptor.accept(server)));
        clientLoop.execute(() -> client.open(clientHandler));
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        registry.remove(endpoint.address(), this);
    }
}
