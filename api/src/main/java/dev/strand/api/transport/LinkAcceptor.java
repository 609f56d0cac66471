package dev.strand.api.transport;

/**
 * Takes each link a {@link Listener} accepts. Called on the accepted link's loop, before any
 * other event of that link.
 */
@FunctionalInterface
public interface LinkAcceptor {

    /**
     * Returns the handler for a newly accepted link; its {@link LinkHandler#onOpen} follows at
     * once. To refuse the link, close it and return a handler that ignores everything.
     */
    LinkHandler accept(Link link);
}
