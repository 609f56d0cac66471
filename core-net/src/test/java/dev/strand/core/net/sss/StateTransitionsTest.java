package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.QOS_NACK_REMOTE;
import static dev.strand.api.ss.StreamState.SERVER_TXN;
import static dev.strand.api.ss.StreamState.SERVER_UPGRADE;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.ss.StreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The two generations of lws's transition table, as wire.md §1.6 gives them. */
class StateTransitionsTest {

    /** Every tracked state, {@code UNSET} included. */
    static final List<StreamState> TRACKED = IntStream.rangeClosed(0, StreamState.SERVER_UPGRADE.value())
            .mapToObj(StreamState::of).toList();

    /** The "extra in HEAD" column of wire.md §1.6, without the MQTT-only edges. */
    static final List<List<StreamState>> HEAD_ONLY = List.of(
            List.of(DISCONNECTED, CONNECTED), List.of(DISCONNECTED, UNREACHABLE),
            List.of(UNREACHABLE, UNREACHABLE),
            List.of(CONNECTED, CONNECTING),
            List.of(CONNECTING, QOS_ACK_REMOTE), List.of(CONNECTING, QOS_NACK_REMOTE),
            List.of(CONNECTING, ALL_RETRIES_FAILED),
            List.of(POLL, ALL_RETRIES_FAILED),
            List.of(ALL_RETRIES_FAILED, POLL), List.of(ALL_RETRIES_FAILED, UNREACHABLE),
            List.of(QOS_ACK_REMOTE, CONNECTING),
            List.of(SERVER_TXN, SERVER_TXN),
            List.of(SERVER_UPGRADE, SERVER_UPGRADE));

    /** The edges HEAD allows and the seed column does not, computed from the tables. */
    static List<List<StreamState>> headOnlyEdges() {
        List<List<StreamState>> edges = new ArrayList<>();
        for (StreamState from : TRACKED) {
            for (StreamState to : TRACKED) {
                if (StateTransitions.isAllowed(from, to) && !StateTransitions.isAllowedBySeed(from, to)) {
                    edges.add(List.of(from, to));
                }
            }
        }
        return edges;
    }

    @Test
    void theSeedColumnIsASubsetOfHeadAndHeadAddsExactlyTheEdgesWireMdLists() {
        for (StreamState from : TRACKED) {
            for (StreamState to : TRACKED) {
                if (StateTransitions.isAllowedBySeed(from, to)) {
                    assertTrue(StateTransitions.isAllowed(from, to), from + " -> " + to);
                }
            }
        }
        assertEquals(HEAD_ONLY.size(), headOnlyEdges().size(), headOnlyEdges()::toString);
        assertTrue(headOnlyEdges().containsAll(HEAD_ONLY), headOnlyEdges()::toString);
    }

    @Test
    void untrackedStatesPassBothTables() {
        for (StreamState s : List.of(StreamState.of(1000), StreamState.EVENT_WAIT_CANCELLED)) {
            assertTrue(StateTransitions.isAllowedBySeed(CONNECTED, s));
            assertTrue(StateTransitions.isAllowed(CONNECTED, s));
        }
    }
}
