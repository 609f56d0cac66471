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
 * Which stream state may follow which: lws's table (wire.md §1.6, secure-streams.md §1.6), in
 * its two generations, without the edges lws adds only when built with MQTT. This is the one copy
 * of the table.
 *
 * <ul>
 *   <li>{@link #isAllowed}: lws HEAD's table, the seed column plus the edges HEAD added. Strand's
 *       own streams ({@code LocalStream}) move by it, and Strand's client checks what its proxy
 *       sends against it (reporting, but surviving, anything else).</li>
 *   <li>{@link #isAllowedBySeed}: the seed column alone, which seed-era lws clients (and HEAD's
 *       standalone sspc build for MCUs, whose copy of the table never got HEAD's additions)
 *       enforce. The proxy forwards only sequences this allows ({@link SeedBridges}), since an lws
 *       client destroys the stream on a transition its table does not allow and the wire does not
 *       say which table a client has.</li>
 * </ul>
 *
 * <p>States the table does not track pass unchecked and do not become the "previous" state: user
 * states (1000 and up), {@code EVENT_WAIT_CANCELLED} and {@code UPSTREAM_LINK_RETRY}. States
 * {@code UPSTREAM_LINK_RETRY}..999 never travel on the wire. Stateless and thread-safe.
 */
public final class StateTransitions {

    private static final int TRACKED = SERVER_UPGRADE.value() + 1;
    private static final int[] SEED = new int[TRACKED];
    private static final int[] HEAD = new int[TRACKED];

    static {
        seed(UNSET, CREATING, DESTROYING);
        seed(CREATING, CONNECTING, TIMEOUT, POLL, SERVER_UPGRADE, DESTROYING);
        seed(DISCONNECTED, CONNECTING, TIMEOUT, POLL, DESTROYING);
        seed(UNREACHABLE, ALL_RETRIES_FAILED, TIMEOUT, POLL, CONNECTING, CONNECTED, DESTROYING);
        seed(AUTH_FAILED, ALL_RETRIES_FAILED, TIMEOUT, CONNECTING, DESTROYING);
        seed(CONNECTED, SERVER_UPGRADE, SERVER_TXN, AUTH_FAILED, QOS_ACK_REMOTE, QOS_NACK_REMOTE, QOS_ACK_LOCAL,
                QOS_NACK_LOCAL, DISCONNECTED, TIMEOUT, POLL, DESTROYING);
        seed(CONNECTING, UNREACHABLE, AUTH_FAILED, CONNECTING, CONNECTED, TIMEOUT, POLL, DISCONNECTED, DESTROYING);
        seed(DESTROYING);
        seed(POLL, CONNECTING, TIMEOUT, DESTROYING);
        seed(ALL_RETRIES_FAILED, CONNECTING, TIMEOUT, DESTROYING);
        seed(QOS_ACK_REMOTE, DISCONNECTED, TIMEOUT, DESTROYING);
        seed(QOS_NACK_REMOTE, DISCONNECTED, TIMEOUT, DESTROYING);
        seed(QOS_ACK_LOCAL, DISCONNECTED, TIMEOUT, DESTROYING);
        seed(QOS_NACK_LOCAL, DESTROYING, TIMEOUT);
        seed(TIMEOUT, CONNECTING, CONNECTED, QOS_ACK_REMOTE, QOS_NACK_REMOTE, POLL, TIMEOUT, DISCONNECTED,
                UNREACHABLE, DESTROYING);
        seed(SERVER_TXN, DISCONNECTED, TIMEOUT, DESTROYING);
        seed(SERVER_UPGRADE, SERVER_TXN, TIMEOUT, DISCONNECTED, DESTROYING);

        headAlso(DISCONNECTED, CONNECTED, UNREACHABLE);
        headAlso(UNREACHABLE, UNREACHABLE);
        headAlso(CONNECTED, CONNECTING);
        headAlso(CONNECTING, QOS_ACK_REMOTE, QOS_NACK_REMOTE, ALL_RETRIES_FAILED);
        headAlso(POLL, ALL_RETRIES_FAILED);
        headAlso(ALL_RETRIES_FAILED, POLL, UNREACHABLE);
        headAlso(QOS_ACK_REMOTE, CONNECTING);
        headAlso(SERVER_TXN, SERVER_TXN);
        headAlso(SERVER_UPGRADE, SERVER_UPGRADE);
    }

    private StateTransitions() {
    }

    /** Whether the table governs {@code state} (see the class comment for the ones it does not). */
    public static boolean isTracked(StreamState state) {
        return Integer.compareUnsigned(state.value(), TRACKED) < 0;
    }

    /**
     * Whether lws HEAD allows {@code next} after {@code previous}. Untracked states are always
     * allowed; {@code previous} is the last tracked state delivered ({@link StreamState#UNSET} at
     * first).
     */
    public static boolean isAllowed(StreamState previous, StreamState next) {
        return allowedBy(HEAD, previous, next);
    }

    /**
     * Whether a seed-era lws client allows {@code next} after {@code previous}: the seed column,
     * a subset of {@link #isAllowed}. Untracked states are always allowed.
     */
    public static boolean isAllowedBySeed(StreamState previous, StreamState next) {
        return allowedBy(SEED, previous, next);
    }

    /**
     * Whether {@code state} may travel in a CONNSTATE frame: everything but
     * {@code UPSTREAM_LINK_RETRY}..999 (local to a client, or unused).
     */
    public static boolean mayTravel(StreamState state) {
        return isTracked(state) || state == StreamState.EVENT_WAIT_CANCELLED || state.isUserState();
    }

    private static boolean allowedBy(int[] table, StreamState previous, StreamState next) {
        if (!isTracked(next)) {
            return true;
        }
        return isTracked(previous) && (table[previous.value()] & 1 << next.value()) != 0;
    }

    private static void seed(StreamState from, StreamState... to) {
        SEED[from.value()] = mask(to);
        HEAD[from.value()] = SEED[from.value()];
    }

    private static void headAlso(StreamState from, StreamState... to) {
        HEAD[from.value()] |= mask(to);
    }

    private static int mask(StreamState... states) {
        int mask = 0;
        for (StreamState s : states) {
            mask |= 1 << s.value();
        }
        return mask;
    }
}
