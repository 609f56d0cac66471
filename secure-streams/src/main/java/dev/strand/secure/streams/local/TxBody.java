package dev.strand.secure.streams.local;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.http.RequestBody;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;

/**
 * A request body fed by the client's TX payload: each piece the stream writes is queued and handed
 * to the protocol as it asks (one piece per request, so the link's backpressure reaches the
 * client); the piece flagged EOM ends the body. At most {@value #HIGH_WATER} bytes wait; above that
 * {@link #offer} answers {@code false} and {@code drained} runs once the protocol has taken enough.
 * Not replayable: it is subscribed to once. Confined to the stream's loop (the HTTP protocols hand
 * their demand over to it).
 */
final class TxBody implements RequestBody {

    /** Bytes queued above which the writer is told to wait. */
    static final int HIGH_WATER = 16 * 1024;

    private final long length;
    private final Runnable drained;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private Flow.Subscriber<? super ByteBuffer> subscriber;
    private long queuedBytes;
    private long demand;
    private boolean ended;
    private boolean done;
    private boolean full;
    private boolean draining;

    /**
     * @param length  the body's announced length, or -1 if unknown (chunked)
     * @param drained run after {@link #offer} answered {@code false}, once there is room again
     */
    TxBody(long length, Runnable drained) {
        this.length = length;
        this.drained = drained;
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
    public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
        if (subscriber != null) {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onError(new IllegalStateException("a client's request body is sent once only"));
            return;
        }
        subscriber = s;
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    fail(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                drain();
            }

            @Override
            public void cancel() {
                done = true;
                queue.clear();
                queuedBytes = 0;
            }
        });
        drain();
    }

    /**
     * Queues a copy of {@code piece}; EOM in {@code flags} ends the body. Pieces after the end are
     * dropped.
     *
     * @return whether more may come now
     */
    boolean offer(ByteBuffer piece, int flags) {
        if (ended || done) {
            piece.position(piece.limit());
            return true;
        }
        if (piece.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(piece.remaining());
            copy.put(piece).flip();
            queue.add(copy);
            queuedBytes += copy.remaining();
        }
        if ((flags & PayloadFlags.EOM) != 0) {
            ended = true;
        }
        drain();
        if (queuedBytes > HIGH_WATER) {
            full = true;
            return false;
        }
        return true;
    }

    /** Whether the client has sent the whole body (its EOM). */
    boolean ended() {
        return ended;
    }

    /** Stops: nothing more is published. */
    void abandon() {
        done = true;
        queue.clear();
        queuedBytes = 0;
    }

    private void drain() {
        if (draining || subscriber == null) {
            return;
        }
        draining = true;
        try {
            while (!done && demand > 0 && !queue.isEmpty()) {
                demand--;
                ByteBuffer next = queue.poll();
                queuedBytes -= next.remaining();
                subscriber.onNext(next);
            }
            if (!done && ended && queue.isEmpty()) {
                done = true;
                subscriber.onComplete();
            }
        } finally {
            draining = false;
        }
        if (full && queuedBytes <= HIGH_WATER / 2) {
            full = false;
            drained.run();
        }
    }

    private void fail(Throwable cause) {
        if (!done) {
            done = true;
            subscriber.onError(cause);
        }
    }
}
