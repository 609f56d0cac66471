package dev.strand.api;

/**
 * A set of loops that new work is spread over: a proxy listener hands each accepted link to
 * {@code next()}. Implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface LoopGroup {

    /** The loop that the next link, session or stream should belong to. */
    Loop next();
}
