package dev.strand.secure.streams.local;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.io.IOException;
import java.util.Set;

/**
 * A transport for fake-clock tests: serves {@code tcp:HOST:PORT} with core-net's in-JVM loopback
 * links ({@code mem:tcp-HOST-PORT}), so that a policy's TCP endpoint can be reached on a
 * {@link dev.strand.core.net.loop.ManualLoop}.
 */
public final class TcpOverMem implements TransportOps {

    private final LoopbackTransport mem = new LoopbackTransport();

    public static Endpoint memFor(String host, int port) {
        return Endpoint.parse("mem:tcp-" + host + "-" + port);
    }

    @Override
    public String name() {
        return "tcp-over-mem";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("tcp");
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        return mem.connect(memFor(endpoint.host(), endpoint.port()), options, loop, handler);
    }

    /** Listens for {@code tcp:host:port} connections. */
    public Listener listenTcp(String host, int port, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
        return mem.listen(memFor(host, port), loops, acceptor);
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
        return listenTcp(endpoint.host(), endpoint.port(), loops, acceptor);
    }
}
