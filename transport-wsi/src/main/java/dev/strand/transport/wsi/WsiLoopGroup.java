package dev.strand.transport.wsi;

import aQute.bnd.annotation.spi.ServiceProvider;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;

/**
 * The loops of {@link WsiResources#sharedLoops()}, offered as a discoverable {@link LoopGroup}
 * (a {@code ServiceLoader} provider, and an OSGi service through SPI Fly). A server that finds it
 * (the SS proxy) runs each accepted link and the connections it makes for that link on one Netty
 * thread, with no hand-over between threads. Holds no state: the shared groups are created on the
 * first {@link #next()} and owned by {@link WsiResources}. Thread-safe.
 */
@ServiceProvider(LoopGroup.class)
public final class WsiLoopGroup implements LoopGroup {

    @Override
    public Loop next() {
        return WsiResources.sharedLoops().next();
    }

    @Override
    public String toString() {
        return "wsi-shared-loops";
    }
}
