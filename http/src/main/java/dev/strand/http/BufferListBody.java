package dev.strand.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A replayable body made of buffers in memory. Each subscription publishes read-only views of
 * them, one per request, on the thread that asks.
 */
final class BufferListBody implements RequestBody {

    static final BufferListBody EMPTY = new BufferListBody(List.of(), 0);

    private final List<ByteBuffer> buffers;
    private final long length;

    BufferListBody(List<ByteBuffer> buffers, long length) {
        this.buffers = buffers;
        this.length = length;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Subscription s = new Subscription(subscriber);
        subscriber.onSubscribe(s);
        s.drain();
    }

    /** Single-threaded in practice (the protocol's loop); re-entrant requests are queued, not recursed. */
    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private int next;
        private long demand;
        private boolean draining;
        private boolean done;

        Subscription(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (done) {
                return;
            }
            if (n <= 0) {
                done = true;
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            drain();
        }

        @Override
        public void cancel() {
            done = true;
        }

        void drain() {
            if (draining) {
                return;
            }
            draining = true;
            try {
                while (!done && demand > 0 && next < buffers.size()) {
                    demand--;
                    subscriber.onNext(buffers.get(next++).asReadOnlyBuffer());
                }
                if (!done && next == buffers.size()) {
                    done = true;
                    subscriber.onComplete();
                }
            } finally {
                draining = false;
            }
        }
    }
}
