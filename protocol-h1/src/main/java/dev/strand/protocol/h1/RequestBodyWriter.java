package dev.strand.protocol.h1;

import dev.strand.api.Loop;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Streams one request body from its publisher to the link: it asks for one buffer whenever the
 * link is writable, so backpressure from the socket reaches the producer. Frames the body as
 * chunks when its length is unknown, and checks a declared length. Publisher signals may come
 * from any thread and are handed to the session's loop.
 */
final class RequestBodyWriter implements Flow.Subscriber<ByteBuffer> {

    final ExchangeSlot slot;
    private final H1Session session;
    private final long declared;
    private final boolean chunked;
    private Flow.Subscription subscription;
    private long written;
    private boolean waitingForWritable;
    private boolean cancelled;

    RequestBodyWriter(H1Session session, ExchangeSlot slot, long declaredLength) {
        this.session = session;
        this.slot = slot;
        this.declared = declaredLength;
        this.chunked = declaredLength < 0;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        onLoop(() -> {
            subscription = s;
            if (!active()) {
                s.cancel();
                return;
            }
            requestMore();
        });
    }

    @Override
    public void onNext(ByteBuffer data) {
        onLoop(() -> write(data));
    }

    @Override
    public void onError(Throwable cause) {
        onLoop(() -> session.bodyFailed(this, cause));
    }

    @Override
    public void onComplete() {
        onLoop(this::finish);
    }

    void onWritable() {
        if (waitingForWritable && active()) {
            waitingForWritable = false;
            subscription.request(1);
        }
    }

    void cancel() {
        cancelled = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private void write(ByteBuffer data) {
        if (!active()) {
            return;
        }
        int n = data.remaining();
        written += n;
        if (!chunked && written > declared) {
            session.bodyFailed(this, new IllegalStateException("request body is longer than its Content-Length "
                    + declared));
            return;
        }
        if (n == 0) {
            requestMore();
            return;
        }
        var link = session.link();
        boolean more;
        if (chunked) {
            link.write(RequestEncoder.chunkHeader(n));
            link.write(data);
            more = link.write(RequestEncoder.chunkEnd());
        } else {
            more = link.write(data);
        }
        if (more) {
            subscription.request(1);
        } else {
            waitingForWritable = true;
            link.requestWrite();
        }
    }

    private void finish() {
        if (!active()) {
            return;
        }
        if (!chunked && written != declared) {
            session.bodyFailed(this, new IllegalStateException("request body is " + written
                    + " bytes, shorter than its Content-Length " + declared));
            return;
        }
        if (chunked) {
            session.link().write(RequestEncoder.lastChunk());
        }
        session.bodyWritten(this);
    }

    private void requestMore() {
        if (session.link().isWritable()) {
            subscription.request(1);
        } else {
            waitingForWritable = true;
            session.link().requestWrite();
        }
    }

    private boolean active() {
        return !cancelled && session.isCurrentWriter(this);
    }

    private void onLoop(Runnable r) {
        Loop loop = session.link().loop();
        if (loop.inLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }
}
