package dev.strand.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A request body: a {@link Flow.Publisher} of byte buffers that the protocol subscribes to when
 * the request is written, asking for one buffer at a time as the link can take it (backpressure
 * reaches the producer). A body that can be {@linkplain #replayable() replayed} accepts another
 * subscription after the first and publishes the same bytes again; that is what allows an
 * idempotent request to be re-sent after its connection died.
 *
 * <p>Buffers handed to {@code onNext} belong to the subscriber. {@code onNext} may be called on
 * any thread; the protocol hands it to its loop.
 */
public interface RequestBody extends Flow.Publisher<ByteBuffer> {

    /** The body's length in bytes, or -1 if unknown (HTTP/1.1 then sends it chunked). */
    long contentLength();

    /** Whether {@link #subscribe} may be called again to publish the same bytes once more. */
    boolean replayable();

    /** No body. */
    static RequestBody empty() {
        return BufferListBody.EMPTY;
    }

    /** These bytes (not copied: do not change them). Replayable. */
    static RequestBody ofBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new BufferListBody(List.of(ByteBuffer.wrap(bytes)), bytes.length);
    }

    /** The text as UTF-8. Replayable. */
    static RequestBody ofString(String text) {
        return ofBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** These pieces in order, length not announced (chunked on HTTP/1.1). Replayable. */
    static RequestBody ofChunks(List<byte[]> chunks) {
        List<ByteBuffer> buffers = new ArrayList<>(chunks.size());
        chunks.forEach(c -> buffers.add(ByteBuffer.wrap(c)));
        return new BufferListBody(List.copyOf(buffers), -1);
    }

    /**
     * Whatever {@code publisher} produces, streamed. Not replayable: it is subscribed to once, so
     * a request carrying it is never re-sent.
     *
     * @param contentLength the exact number of bytes it will publish, or -1 if unknown
     */
    static RequestBody fromPublisher(Flow.Publisher<ByteBuffer> publisher, long contentLength) {
        return new OneShotBody(publisher, contentLength);
    }
}
