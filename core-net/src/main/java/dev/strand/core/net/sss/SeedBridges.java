package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.QOS_NACK_REMOTE;
import static dev.strand.api.ss.StreamState.UNREACHABLE;

import dev.strand.api.ss.StreamState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the proxy tells a client about a state change of its onward stream in terms every lws
 * client accepts (wire.md §1.6, §6.1): the onward stream moves by lws HEAD's table, but a
 * seed-era client (or HEAD's standalone sspc build) destroys the stream on any edge outside the
 * seed column, and nothing on the wire says which kind of client is listening.
 *
 * <p>The rule, given the state the client last saw and the onward stream's next state (a move
 * HEAD allows, {@link StateTransitions#isAllowed}):
 * <ul>
 *   <li>The seed column allows it: the state goes as it is.</li>
 *   <li>A bridge is listed for it: the bridge's states first, then the state. A bridge says what
 *       the HEAD edge skipped, in seed words, and keeps what the application acts on (a result,
 *       giving up, a connection that is up or gone):
 *       <ul>
 *         <li>DISCONNECTED → CONNECTED and DISCONNECTED → UNREACHABLE go via CONNECTING (an
 *             attempt precedes both);</li>
 *         <li>CONNECTED → CONNECTING and QOS_ACK_REMOTE → CONNECTING go via DISCONNECTED (the
 *             connection or transaction is over before the next attempt);</li>
 *         <li>CONNECTING → QOS_ACK_REMOTE / QOS_NACK_REMOTE go via CONNECTED (a result means a
 *             response came, which is what CONNECTED says for HTTP; the application keeps the
 *             outcome it acts on, where dropping the result would have it resend or wait);</li>
 *         <li>CONNECTING → ALL_RETRIES_FAILED goes via UNREACHABLE (the attempt failed);
 *             POLL → ALL_RETRIES_FAILED via CONNECTING and UNREACHABLE; ALL_RETRIES_FAILED →
 *             UNREACHABLE via CONNECTING. The application still learns that the stream gave
 *             up, or that the new attempt failed.</li>
 *       </ul></li>
 *   <li>Otherwise nothing goes: repeats (UNREACHABLE, SERVER_TXN, SERVER_UPGRADE twice; also a
 *       state equal to the one the client saw after an earlier drop) carry nothing new, and
 *       ALL_RETRIES_FAILED → POLL has no faithful bridge (going via CONNECTING would announce an
 *       attempt that has not started); the client stays in ALL_RETRIES_FAILED, from which every
 *       state HEAD allows after POLL is also seed-legal or a repeat.</li>
 * </ul>
 *
 * <p>Bridge states are inserted with ordinal 0 (lws reports these states with an {@code ack} of
 * 0, and an UNREACHABLE of 0 claims no DNS failure); the onward state keeps its own ordinal.
 * Stateless and thread-safe.
 */
final class SeedBridges {

    private static final Map<Integer, List<StreamState>> BRIDGES = new HashMap<>();

    static {
        bridge(DISCONNECTED, CONNECTED, CONNECTING);
        bridge(DISCONNECTED, UNREACHABLE, CONNECTING);
        bridge(CONNECTED, CONNECTING, DISCONNECTED);
        bridge(QOS_ACK_REMOTE, CONNECTING, DISCONNECTED);
        bridge(CONNECTING, QOS_ACK_REMOTE, CONNECTED);
        bridge(CONNECTING, QOS_NACK_REMOTE, CONNECTED);
        bridge(CONNECTING, ALL_RETRIES_FAILED, UNREACHABLE);
        bridge(POLL, ALL_RETRIES_FAILED, CONNECTING, UNREACHABLE);
        bridge(ALL_RETRIES_FAILED, UNREACHABLE, CONNECTING);
    }

    private SeedBridges() {
    }

    /**
     * The tracked states to send, in order, so that a client that last saw {@code seen} follows
     * the onward stream to {@code next} by the seed table: {@code [next]}, a bridge followed by
     * {@code next}, or nothing (see the class comment). Every state but the last is a bridge.
     */
    static List<StreamState> toSend(StreamState seen, StreamState next) {
        if (StateTransitions.isAllowedBySeed(seen, next)) {
            return List.of(next);
        }
        List<StreamState> bridge = BRIDGES.get(key(seen, next));
        return bridge == null ? List.of() : bridge;
    }

    private static void bridge(StreamState from, StreamState to, StreamState... via) {
        StreamState[] path = new StreamState[via.length + 1];
        System.arraycopy(via, 0, path, 0, via.length);
        path[via.length] = to;
        BRIDGES.put(key(from, to), List.of(path));
    }

    private static int key(StreamState from, StreamState to) {
        return from.value() << 16 | to.value() & 0xFFFF;
    }
}
