package dev.strand.core.net.engine;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import java.util.Set;
import java.util.function.Supplier;

/** A transport for scheme {@code fail:} whose every connect fails with the exception given. */
final class FailingTransport implements TransportOps {

    private final Supplier<Throwable> failure;
    int attempts;

    FailingTransport(Supplier<Throwable> failure) {
        this.failure = failure;
    }

    @Override
    public String name() {
        return "failing";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("fail");
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        attempts++;
        Throwable t = failure.get();
        loop.execute(() -> handler.onConnectFailed(t));
        return () -> false;
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) {
        throw new UnsupportedOperationException("connect only");
    }
}
