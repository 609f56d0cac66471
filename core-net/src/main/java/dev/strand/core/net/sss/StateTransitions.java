package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.AUTH_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_LOCAL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.QOS_NACK_LOCAL;
import static dev.strand.api.ss.StreamState.QOS_NACK_REMOTE;
import static dev.strand.api.ss.StreamState.SERVER_TXN;
import static dev.strand.api.ss.StreamState.SERVER_UPGRADE;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static dev.strand.api.ss.StreamState.UNSET;

import dev.strand.api.ss.StreamState;

/**
 * Which stream state may follow which: lws HEAD's table (wire.md §1.6, secure-streams.md §1.6),
 * without the edges lws adds only when built with MQTT. This is the one copy of the table.
 *
 * <p>A proxy emits only sequences the table allows, so that an lws client (which destroys the
 * stream on an illegal transition) accepts them; a Strand client checks what its proxy sends,
 * and reports (but survives) anything else.
 *
 * <p>States the table does not track pass unchecked and do not become the "previous" state: user
 * states (1000 and up), {@code EVENT_WAIT_CANCELLED} and {@code UPSTREAM_LINK_RETRY}. States
 * {@code UPSTREAM_LINK_RETRY}..999 never travel on the wire.
 */
public final class StateTransitions {

    private static final int TRACKED = SERVER_UPGRADE.value() + 1;
    private static final int[] ALLOWED = new int[TRACKED];

    static {
        allow(UNSET, CREATING, DESTROYING);
        allow(CREATING, CONNECTING, TIMEOUT, POLL, SERVER_UPGRADE, DESTROYING);
        allow(DISCONNECTED, CONNECTING, CONNECTED, TIMEOUT, POLL, DESTROYING, UNREACHABLE);
        allow(UNREACHABLE, ALL_RETRIES_FAILED, TIMEOUT, POLL, UNREACHABLE, CONNECTING, CONNECTED, DESTROYING);
        allow(AUTH_FAILED, ALL_RETRIES_FAILED, TIMEOUT, CONNECTING, DESTROYING);
        allow(CONNECTED, SERVER_UPGRADE, SERVER_TXN, AUTH_FAILED, QOS_ACK_REMOTE, QOS_NACK_REMOTE, QOS_ACK_LOCAL,
                QOS_NACK_LOCAL, DISCONNECTED, TIMEOUT, CONNECTING, POLL, DESTROYING);
        allow(CONNECTING, UNREACHABLE, AUTH_FAILED, CONNECTING, CONNECTED, QOS_ACK_REMOTE, QOS_NACK_REMOTE, TIMEOUT,
                POLL, ALL_RETRIES_FAILED, DISCONNECTED, DESTROYING);
        allow(DESTROYING);
        allow(POLL, CONNECTING, TIMEOUT, ALL_RETRIES_FAILED, DESTROYING);
        allow(ALL_RETRIES_FAILED, CONNECTING, POLL, TIMEOUT, UNREACHABLE, DESTROYING);
        allow(QOS_ACK_REMOTE, DISCONNECTED, TIMEOUT, CONNECTING, DESTROYING);
        allow(QOS_NACK_REMOTE, DISCONNECTED, TIMEOUT, DESTROYING);
        allow(QOS_ACK_LOCAL, DISCONNECTED, TIMEOUT, DESTROYING);
        allow(QOS_NACK_LOCAL, DESTROYING, TIMEOUT);
        allow(TIMEOUT, CONNECTING, CONNECTED, QOS_ACK_REMOTE, QOS_NACK_REMOTE, POLL, TIMEOUT, DISCONNECTED,
                UNREACHABLE, DESTROYING);
        allow(SERVER_TXN, DISCONNECTED, TIMEOUT, SERVER_TXN, DESTROYING);
        allow(SERVER_UPGRADE, SERVER_UPGRADE, SERVER_TXN, TIMEOUT, DISCONNECTED, DESTROYING);
    }

    private StateTransitions() {
    }

    /** Whether the table governs {@code state} (see the class comment for the ones it does not). */
    public static boolean isTracked(StreamState state) {
        return Integer.compareUnsigned(state.value(), TRACKED) < 0;
    }

    /**
     * Whether {@code next} may follow {@code previous}. Untracked states are always allowed;
     * {@code previous} is the last tracked state delivered ({@link StreamState#UNSET} at first).
     */
    public static boolean isAllowed(StreamState previous, StreamState next) {
        if (!isTracked(next)) {
            return true;
        }
        return isTracked(previous) && (ALLOWED[previous.value()] & 1 << next.value()) != 0;
    }

    /**
     * Whether {@code state} may travel in a CONNSTATE frame: everything but
     * {@code UPSTREAM_LINK_RETRY}..999 (local to a client, or unused).
     */
    public static boolean mayTravel(StreamState state) {
        return isTracked(state) || state == StreamState.EVENT_WAIT_CANCELLED || state.isUserState();
    }

    private static void allow(StreamState from, StreamState... to) {
        int mask = 0;
        for (StreamState s : to) {
            mask |= 1 << s.value();
        }
        ALLOWED[from.value()] = mask;
    }
}
