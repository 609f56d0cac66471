package dev.strand.http;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** A body streamed from a user's publisher: subscribed to at most once, never replayed. */
final class OneShotBody implements RequestBody {

    private final Flow.Publisher<ByteBuffer> publisher;
    private final long length;
    private final AtomicBoolean used = new AtomicBoolean();

    OneShotBody(Flow.Publisher<ByteBuffer> publisher, long length) {
        if (length < -1) {
            throw new IllegalArgumentException("content length must be -1 (unknown) or more, not " + length);
        }
        this.publisher = java.util.Objects.requireNonNull(publisher, "publisher");
        this.length = length;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public boolean replayable() {
        return false;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (!used.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("a streamed request body can be sent only once"));
            return;
        }
        publisher.subscribe(subscriber);
    }
}
