package dev.strand.protocol.h2;

import dev.strand.api.Loop;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Takes one request body from its publisher, one buffer at a time, and holds it until the
 * session can send it as DATA within the stream's and the connection's flow-control windows:
 * the next buffer is asked for only when the last one has been sent, so both HTTP/2 flow
 * control and the link's backpressure reach the producer. Checks a declared length. Publisher
 * signals may come from any thread and are handed to the session's loop.
 */
final class RequestBodySender implements Flow.Subscriber<ByteBuffer> {

    private final H2Session session;
    final H2Stream stream;
    private final Loop loop;
    private final long declared;
    private Flow.Subscription subscription;
    private ByteBuffer current;
    private long taken;
    private boolean complete;
    private boolean cancelled;

    RequestBodySender(H2Session session, H2Stream stream, Loop loop, long declaredLength) {
        this.session = session;
        this.stream = stream;
        this.loop = loop;
        this.declared = declaredLength;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        onLoop(() -> {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        });
    }

    @Override
    public void onNext(ByteBuffer data) {
        onLoop(() -> {
            if (cancelled) {
                return;
            }
            taken += data.remaining();
            if (declared >= 0 && taken > declared) {
                session.bodyFailed(this, new IllegalStateException("request body is longer than its declared length "
                        + declared));
                return;
            }
            current = data;
            if (!current.hasRemaining()) {
                current = null;
                subscription.request(1);
                return;
            }
            session.bodyReady(this);
        });
    }

    @Override
    public void onError(Throwable cause) {
        onLoop(() -> {
            if (!cancelled) {
                session.bodyFailed(this, cause);
            }
        });
    }

    @Override
    public void onComplete() {
        onLoop(() -> {
            if (cancelled) {
                return;
            }
            if (declared >= 0 && taken != declared) {
                session.bodyFailed(this, new IllegalStateException("request body is " + taken
                        + " bytes, shorter than its declared length " + declared));
                return;
            }
            complete = true;
            session.bodyReady(this);
        });
    }

    /** The bytes waiting to be sent, or {@code null}. */
    ByteBuffer current() {
        return current;
    }

    /** Whether everything was taken and sent: END_STREAM may go out. */
    boolean finished() {
        return complete && current == null;
    }

    /** Called after a DATA frame took bytes from {@link #current()}: asks for more once it is empty. */
    void sent() {
        if (current != null && !current.hasRemaining()) {
            current = null;
            if (!complete && !cancelled) {
                subscription.request(1);
            }
        }
    }

    void cancel() {
        cancelled = true;
        current = null;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private void onLoop(Runnable r) {
        if (loop.inLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }
}
