package dev.strand.core.net.mux;

import dev.strand.api.Loop;
import dev.strand.api.transport.LinkHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's request for a channel, from {@code connect} until the channel opens or the request
 * fails: it waits for the mux link and a free index, then for CHANNEL_ACK, all within the connect
 * timeout. It is also the handle {@code connect} returns: cancelling it abandons the request (a
 * channel the peer acknowledges afterwards is closed at once). Loop-confined apart from
 * {@link #cancel()}.
 */
final class OpenRequest implements Loop.Scheduled {

    private static final Logger LOG = LoggerFactory.getLogger(OpenRequest.class);

    private final Session session;
    private final LinkHandler handler;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Loop.Scheduled timeout;
    private volatile boolean settled;

    OpenRequest(Session session, LinkHandler handler) {
        this.session = session;
        this.handler = handler;
    }

    LinkHandler handler() {
        return handler;
    }

    void timeout(Loop.Scheduled t) {
        this.timeout = t;
    }

    boolean abandoned() {
        return cancelled.get();
    }

    boolean isSettled() {
        return settled;
    }

    /** The channel opened (or was closed at once because the request was abandoned). */
    void settled() {
        settled = true;
        if (timeout != null) {
            timeout.cancel();
        }
    }

    /** The request failed: the handler hears it once, unless the request was abandoned. */
    void failed(Throwable cause) {
        if (settled) {
            return;
        }
        settled();
        if (cancelled.get()) {
            return;
        }
        try {
            handler.onConnectFailed(cause);
        } catch (RuntimeException e) {
            LOG.warn("mux {}: handler's onConnectFailed threw", session.peer(), e);
        }
    }

    @Override
    public boolean cancel() {
        if (!cancelled.compareAndSet(false, true)) {
            return false;
        }
        session.loop().execute(() -> session.abandon(this));
        return !settled;
    }
}
