package dev.strand.secure.streams.proxy;

import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.core.net.loop.EventLoopGroup;
import dev.strand.core.net.registry.Providers;
import java.util.function.Supplier;

/**
 * The loops an SS proxy runs its links on. A discovered {@link LoopGroup} is preferred (transport-wsi
 * provides its Netty loops, so an accepted socket and its onward connection share one thread with no
 * hand-over); without one, a core-net {@link EventLoopGroup} of one loop per processor, created on
 * first use and closed with this object. The discovered group may come and go (OSGi), so it is asked
 * for on every {@link #next()}. Thread-safe.
 */
final class ProxyLoops implements LoopGroup, AutoCloseable {

    private final Supplier<LoopGroup> discovered;
    private EventLoopGroup own;
    private boolean closed;

    ProxyLoops(Supplier<LoopGroup> discovered) {
        this.discovered = discovered;
    }

    /** The loops the shared provider registry prefers ({@link Providers#preferredLoops()}). */
    static ProxyLoops fromSharedProviders() {
        return new ProxyLoops(() -> Providers.shared().preferredLoops().orElse(null));
    }

    @Override
    public Loop next() {
        LoopGroup g = discovered.get();
        return g != null ? g.next() : own().next();
    }

    /** What the proxy runs on now, for its log line. */
    String describe() {
        LoopGroup g = discovered.get();
        return g != null ? g.toString() : "core-net event loops until a Netty loop group is offered";
    }

    private synchronized EventLoopGroup own() {
        if (closed) {
            throw new IllegalStateException("the proxy's loops are closed");
        }
        if (own == null) {
            own = new EventLoopGroup("strand-proxy");
        }
        return own;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (own != null) {
            own.close();
        }
    }
}
