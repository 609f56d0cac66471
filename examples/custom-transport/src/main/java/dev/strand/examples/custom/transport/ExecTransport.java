package dev.strand.examples.custom.transport;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import java.util.Set;

/**
 * Links to a command's stdio: {@code exec:COMMAND} runs {@code /bin/sh -c COMMAND}; what the link
 * writes goes to the command's stdin, what the command prints on stdout is what the link reads,
 * and its stderr is logged. The link closes when the command exits; a non-zero exit status
 * closes it with an {@link java.io.IOException} naming the status and the last stderr line.
 *
 * <p>Stateless: each connect makes an {@link ExecLink} with threads of its own for the blocking
 * pipes, so the caller's loop never blocks. Thread-safe.
 */
@ServiceProvider(TransportOps.class)
public final class ExecTransport implements TransportOps {

    /** The scheme this transport serves. */
    public static final String SCHEME = "exec";

    /** Discovered through {@code ServiceLoader} or SPI Fly; holds nothing until asked for a link. */
    public ExecTransport() {
    }

    @Override
    public String name() {
        return "exec";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public boolean singleLinkPerEndpoint() {
        return false;
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        if (!endpoint.scheme().equals(SCHEME)) {
            throw new IllegalArgumentException("the exec transport serves exec:COMMAND, not " + endpoint);
        }
        if (options.tls().isPresent()) {
            loop.execute(() -> handler.onConnectFailed(new UnsupportedOperationException(endpoint
                    + ": the exec transport carries plain bytes; run TLS inside the command instead")));
            return () -> false;
        }
        return ExecLink.start(endpoint, loop, handler);
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) {
        throw new UnsupportedOperationException("cannot listen on " + endpoint
                + ": a command's stdin/stdout is a client-side link (connect to exec:COMMAND instead;"
                + " to serve a command's stdio, run Strand itself as that command)");
    }
}
