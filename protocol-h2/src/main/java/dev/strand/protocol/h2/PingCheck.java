package dev.strand.protocol.h2;

import dev.strand.api.Loop;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Checks that a quiet connection is still there: after {@link H2Settings#pingInterval()} without
 * a frame from the peer it sends a PING, and a PING not answered within
 * {@link H2Settings#pingTimeout()} ends the session. Every frame read counts as a sign of life,
 * so a busy connection is never pinged. Confined to the session's loop.
 */
final class PingCheck {

    private final H2Session session;
    private final Loop loop;
    private final FrameOutput out;
    private final H2Settings local;
    private long lastFrameNanos;
    private long pingPayload;
    private boolean pingOutstanding;
    private Loop.Scheduled pingTimer;
    private Loop.Scheduled pingDeadline;

    PingCheck(H2Session session, Loop loop, FrameOutput out, H2Settings local) {
        this.session = session;
        this.loop = loop;
        this.out = out;
        this.local = local;
    }

    void start() {
        lastFrameNanos = loop.nanoTime();
        if (!local.pingInterval().isZero()) {
            scheduleCheck(local.pingInterval().toNanos());
        }
    }

    /** Bytes arrived from the peer. */
    void peerSpoke() {
        lastFrameNanos = loop.nanoTime();
    }

    /** A PING ACK with {@code opaque} arrived. */
    void acknowledged(long opaque) {
        if (pingOutstanding && opaque == pingPayload) {
            pingOutstanding = false;
            if (pingDeadline != null) {
                pingDeadline.cancel();
                pingDeadline = null;
            }
        }
    }

    void stop() {
        if (pingTimer != null) {
            pingTimer.cancel();
            pingTimer = null;
        }
        if (pingDeadline != null) {
            pingDeadline.cancel();
            pingDeadline = null;
        }
    }

    private void scheduleCheck(long delayNanos) {
        pingTimer = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        pingTimer = null;
        if (!session.isOpen()) {
            return;
        }
        long interval = local.pingInterval().toNanos();
        long quiet = loop.nanoTime() - lastFrameNanos;
        if (quiet < interval) {
            scheduleCheck(interval - quiet);
            return;
        }
        if (!pingOutstanding) {
            pingOutstanding = true;
            pingPayload = loop.nanoTime();
            out.frames().ping(false, pingPayload);
            out.flush();
            pingDeadline = loop.schedule(this::unanswered, local.pingTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        scheduleCheck(interval);
    }

    private void unanswered() {
        pingDeadline = null;
        if (!session.isOpen() || !pingOutstanding) {
            return;
        }
        session.pingUnanswered(new IOException("HTTP/2 connection to " + session.peer() + " did not answer PING within "
                + local.pingTimeout().toMillis() + " ms"));
    }
}
