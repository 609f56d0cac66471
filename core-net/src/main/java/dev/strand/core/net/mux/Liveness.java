package dev.strand.core.net.mux;

import dev.strand.api.Loop;
import dev.strand.core.net.mux.internal.MuxWire;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link detection by three-way PING ({@code spec/wire.md} §4.4) for one mux session: the ping
 * timer, the PING/PONG/PONGACK that are due, and the link state. Each side pings on its own: the
 * first PING right after start, then every ping interval; with no matching PONG within the grace
 * the link goes down. RESET_TRANSPORT goes in front of every PING sent while down: one at once,
 * the next after the retry delay (as lws), then every grace plus retry delay. The link goes up when this side sends a PONGACK (its
 * PING was answered) or receives one (the peer's PING was answered).
 *
 * <p>One rule keeps both sides' channel tables consistent where lws can lose them: when the link
 * goes down (this side dropped every channel) a RESET + PING goes out at once, and a PONGACK
 * received before that RESET is on the wire does not bring the link up. Otherwise a side that
 * went down on corrupted bytes could come up again through the peer's regular PING exchange
 * without the peer ever hearing the RESET, and the peer would keep channels this side has
 * forgotten. All times come from the loop. Confined to the session's loop.
 */
final class Liveness {

    /** What the session does when the link state changes or a frame is due. */
    interface Events {
        void linkUp();

        void linkDown(MuxLinkDownException cause);

        void controlDue();

        /** A PING sent while the link was already down got no PONG in time. */
        void pingFailedWhileDown();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

    private final Loop loop;
    private final MuxSettings settings;
    private final Events events;
    private final String name;

    private Loop.Scheduled timer;
    private boolean running;
    private volatile boolean up;
    private volatile PeerClock peerClock;
    private boolean awaitingPong;
    private boolean pingDue;
    private boolean pongDue;
    private boolean pongAckDue;
    private boolean pongAckWritten;
    private long pingIn;
    private long pongWrittenAt = -1;
    private long pingOut;
    private boolean pingOutstanding;
    private boolean resetOwed;

    Liveness(Loop loop, MuxSettings settings, Events events, String name) {
        this.loop = loop;
        this.settings = settings;
        this.events = events;
        this.name = name;
    }

    /**
     * A new underlying link: the link is down and RESET + PING are the first bytes written, ahead
     * of any answer to the peer's PINGs.
     */
    void start() {
        running = true;
        up = false;
        pongDue = pongAckDue = pongAckWritten = pingOutstanding = false;
        resetOwed = true;
        pingDue = true;
        awaitingPong = true;
        arm(settings.pongGrace());
        events.controlDue();
    }

    /** The underlying link is gone: no more timers, nothing due. */
    void stop() {
        running = false;
        up = false;
        pingDue = pongDue = pongAckDue = pongAckWritten = false;
        cancelTimer();
    }

    boolean isUp() {
        return up;
    }

    Optional<PeerClock> peerClock() {
        return Optional.ofNullable(peerClock);
    }

    /**
     * The link is no longer trusted (no PONG, RESET_TRANSPORT, corrupted bytes, lost coherence):
     * down, with RESET + PING at once and the next PING after the retry delay. Does nothing if the link is already down, so that a run of
     * garbage does not keep postponing the PINGs that recover it.
     */
    void down(MuxLinkDownException cause) {
        if (!running || !up) {
            return;
        }
        up = false;
        resetOwed = true;
        pingDue = true;
        awaitingPong = false;
        arm(settings.retryAfterDown());
        events.linkDown(cause);
    }

    void onPing(long pingMicros) {
        pingIn = pingMicros;
        pongDue = true;
        events.controlDue();
    }

    void onPong(long echoedPing) {
        if (!pingOutstanding || echoedPing != pingOut) {
            LOG.debug("mux {}: PONG for PING t={} ignored: the last PING sent was t={}", name, echoedPing,
                    pingOutstanding ? pingOut : "none");
            return;
        }
        pingOutstanding = false;
        awaitingPong = false;
        arm(settings.pingInterval());
        pongAckDue = true;
        events.controlDue();
    }

    void onPongAck(long peerWallMicros) {
        long now = loop.monotonicMicros();
        long roundTrip = pongWrittenAt < 0 ? 0 : Math.max(0, now - pongWrittenAt);
        pongWrittenAt = -1;
        peerClock = new PeerClock(peerWallMicros, now, roundTrip);
        if (resetOwed) {
            LOG.debug("mux {}: PONGACK before our RESET went out; the link stays down", name);
            return;
        }
        awaitingPong = false;
        arm(settings.pingInterval());
        goUp();
    }

    /** Whether a PING, PONG or PONGACK waits for a write opportunity. */
    boolean hasDue() {
        return pingDue || pongDue || pongAckDue;
    }

    /** Puts the due PING (after RESET_TRANSPORT while down), PONG and PONGACK, in lws's order. */
    void putDue(ByteBuffer out) {
        if (pingDue) {
            pingDue = false;
            if (!up) {
                MuxWire.putReset(out);
                resetOwed = false;
            }
            pingOut = loop.monotonicMicros();
            pingOutstanding = true;
            MuxWire.putPing(out, pingOut);
        }
        if (pongDue) {
            pongDue = false;
            pongWrittenAt = loop.monotonicMicros();
            MuxWire.putPong(out, pingIn, pongWrittenAt);
        }
        if (pongAckDue) {
            pongAckDue = false;
            pongAckWritten = true;
            MuxWire.putPongAck(out, loop.currentTimeMicros());
        }
    }

    /** The frames from {@link #putDue} are on the link: a PONGACK sent brings the link up. */
    void written() {
        if (pongAckWritten) {
            pongAckWritten = false;
            goUp();
        }
    }

    private void goUp() {
        if (running && !up && !resetOwed) {
            up = true;
            events.linkUp();
        }
    }

    private void onTimer() {
        if (!running) {
            return;
        }
        if (!awaitingPong) {
            pingDue = true;
            awaitingPong = true;
            arm(settings.pongGrace());
            events.controlDue();
            return;
        }
        if (up) {
            down(new MuxLinkDownException("mux link down: no PONG within " + settings.pongGrace().toMillis()
                    + " ms of a PING"));
        } else {
            awaitingPong = false;
            arm(settings.retryAfterDown());
            events.pingFailedWhileDown();
        }
    }

    private void arm(Duration delay) {
        cancelTimer();
        timer = loop.schedule(this::onTimer, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
