package dev.strand.core.net.loopback;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-JVM links for endpoints {@code mem:NAME}. A listener registers NAME for this JVM (per class
 * loader); a connect makes a linked pair: what one side writes the other reads, in order, on its
 * own loop. Each direction holds at most {@link #DEFAULT_HIGH_WATER} unread bytes before the
 * writer is told it is no longer writable, so backpressure behaves as on a socket. Stateless
 * apart from the listener table; thread-safe.
 */
@ServiceProvider(TransportOps.class)
public final class LoopbackTransport implements TransportOps {

    /** Unread bytes per direction above which the writer stops being writable. */
    public static final int DEFAULT_HIGH_WATER = 64 * 1024;

    private static final Map<String, MemListener> LISTENERS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "loopback";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        requireMem(endpoint);
        MemListener listener = LISTENERS.get(endpoint.address());
        if (listener == null) {
            loop.execute(() -> handler.onConnectFailed(
                    new ConnectException("nothing listens on " + endpoint)));
            return () -> false;
        }
        listener.connect(loop, handler);
        return () -> false;
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
        requireMem(endpoint);
        MemListener listener = new MemListener(endpoint, loops, acceptor, LISTENERS);
        if (LISTENERS.putIfAbsent(endpoint.address(), listener) != null) {
            throw new IOException("address in use: " + endpoint);
        }
        return listener;
    }

    private static void requireMem(Endpoint endpoint) {
        if (!endpoint.scheme().equals("mem")) {
            throw new IllegalArgumentException("loopback serves mem:NAME, not " + endpoint);
        }
    }
}
