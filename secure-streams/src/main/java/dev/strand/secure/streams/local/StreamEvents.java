package dev.strand.secure.streams.local;

import dev.strand.api.ss.StreamState;
import java.nio.ByteBuffer;

/**
 * What a {@link LocalStream} tells its owner (the application's handler, or the SS proxy's
 * terminal). Every call runs on the stream's loop.
 */
public interface StreamEvents {

    /**
     * The stream being created, before its {@code CREATING}: an owner that acts on the stream from
     * inside its first callbacks (a {@code DESTROY_ME} answer to {@code CREATING}, metadata for a
     * {@code nailed_up} stream's first connection) keeps it from here. Called once.
     */
    default void onCreated(LocalStream stream) {
    }

    /**
     * The stream entered {@code state}; only sequences lws's transition table allows are ever
     * reported (application states from {@code http_resp_map} pass unchecked). {@code ack} is the
     * state's argument (0 for every state this runtime emits).
     */
    void onState(StreamState state, long ack);

    /**
     * Payload from the onward connection with its {@link dev.strand.api.ss.PayloadFlags} (raw sets
     * none; HTTP sets SOM on a response's first body piece and ends it with a zero-length EOM).
     * {@code data} is valid only during the call; consume or copy it.
     */
    void onRx(ByteBuffer data, int flags);

    /**
     * Metadata the onward peer sent (HTTP: a response header the policy maps to {@code name}),
     * reported before the payload it belongs to; the stream's own value is updated too. The
     * default ignores it.
     */
    default void onRxMetadata(String name, byte[] value) {
    }

    /** After {@link LocalStream#write} returned {@code false}: the stream can take payload again. */
    void onWritableAgain();
}
