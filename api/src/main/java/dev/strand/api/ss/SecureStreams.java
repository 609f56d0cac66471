package dev.strand.api.ss;

import dev.strand.api.Loop;

/**
 * Makes secure streams: the entry point an application is handed. Implemented in-process (the
 * policy and network are local) and by the SS proxy client (the policy and network live in a
 * proxy reached over a link). Thread-safe.
 */
public interface SecureStreams extends AutoCloseable {

    /**
     * Creates a stream of {@code options.streamType()}. The stream belongs to {@code loop}; its
     * handler's first callback is {@link StreamState#CREATING} (for a proxied stream, once the
     * proxy has confirmed the streamtype). Call from {@code loop}.
     *
     * @throws IllegalArgumentException if the streamtype is unknown (in-process only; a proxied
     *                                  stream learns this from the proxy and is destroyed)
     */
    SecureStream create(StreamOptions options, Loop loop);

    /** Destroys every stream this factory made and releases what it holds. */
    @Override
    void close();
}
