package dev.strand.core.net.raw;

import dev.strand.api.protocol.Exchange;
import dev.strand.api.transport.LinkHandler;
import java.util.Objects;

/**
 * A request for a byte-stream connection: once a {@code raw} session takes it, the link is handed
 * to {@link #owner()} ({@link LinkHandler#onOpen} with the link, then every read, writable and
 * close event of it) and never returns to the pool. The engine reports the exchange completed at
 * that hand-over; a link that could not be had is the exchange failing. Confined to the engine's
 * loop, like every exchange.
 */
public final class RawExchange implements Exchange {

    private final LinkHandler owner;

    /** An exchange whose link goes to {@code owner}. */
    public RawExchange(LinkHandler owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** Who gets the link. */
    public LinkHandler owner() {
        return owner;
    }

    /** Nothing is sent before the hand-over, so running it again elsewhere is always safe. */
    @Override
    public boolean idempotent() {
        return true;
    }

    /** The link leaves the pool with the exchange. */
    @Override
    public boolean returnsConnection() {
        return false;
    }

    @Override
    public String toString() {
        return "raw exchange for " + owner;
    }
}
