package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.QOS_NACK_REMOTE;
import static dev.strand.api.ss.StreamState.SERVER_TXN;
import static dev.strand.api.ss.StreamState.SERVER_UPGRADE;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static dev.strand.api.ss.StreamState.UNSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.sss.FrameLog.Frame;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the proxy forwards when its onward stream moves by lws HEAD's table: only sequences that
 * a seed-era lws client accepts too (wire.md §1.6, §6.1), bridged through the states a HEAD-only
 * edge skips, so that the client still ends where the onward stream is.
 */
class SeedSafeForwardingTest {

    private static final Map<List<StreamState>, List<StreamState>> FORWARDED_AS = new HashMap<>();

    static {
        FORWARDED_AS.put(List.of(DISCONNECTED, CONNECTED), List.of(CONNECTING, CONNECTED));
        FORWARDED_AS.put(List.of(DISCONNECTED, UNREACHABLE), List.of(CONNECTING, UNREACHABLE));
        FORWARDED_AS.put(List.of(UNREACHABLE, UNREACHABLE), List.of());
        FORWARDED_AS.put(List.of(CONNECTED, CONNECTING), List.of(DISCONNECTED, CONNECTING));
        FORWARDED_AS.put(List.of(CONNECTING, QOS_ACK_REMOTE), List.of(CONNECTED, QOS_ACK_REMOTE));
        FORWARDED_AS.put(List.of(CONNECTING, QOS_NACK_REMOTE), List.of(CONNECTED, QOS_NACK_REMOTE));
        FORWARDED_AS.put(List.of(CONNECTING, ALL_RETRIES_FAILED), List.of(UNREACHABLE, ALL_RETRIES_FAILED));
        FORWARDED_AS.put(List.of(POLL, ALL_RETRIES_FAILED), List.of(CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED));
        FORWARDED_AS.put(List.of(ALL_RETRIES_FAILED, POLL), List.of());
        FORWARDED_AS.put(List.of(ALL_RETRIES_FAILED, UNREACHABLE), List.of(CONNECTING, UNREACHABLE));
        FORWARDED_AS.put(List.of(QOS_ACK_REMOTE, CONNECTING), List.of(DISCONNECTED, CONNECTING));
        FORWARDED_AS.put(List.of(SERVER_TXN, SERVER_TXN), List.of());
        FORWARDED_AS.put(List.of(SERVER_UPGRADE, SERVER_UPGRADE), List.of());
    }

    /** One proxy link on a fake clock, a scripted onward stream behind it, the client played by the test. */
    private static final class Rig implements AutoCloseable {
        final ManualLoop loop = new ManualLoop();
        final RawPeer client = new RawPeer();
        final Listener listener;
        ScriptedOnward onward;

        Rig(String name) throws IOException {
            LoopbackTransport transport = new LoopbackTransport();
            Endpoint endpoint = Endpoint.parse("mem:seed-safe-" + name + "-" + System.nanoTime());
            listener = transport.listen(endpoint, loop, new SssProxy((req, l) -> {
                onward = new ScriptedOnward(l, req.loop());
                return OnwardCreation.created(onward);
            }, SssLinkProfile.SOCKET));
            transport.connect(endpoint, ConnectOptions.DEFAULT, loop, client);
            loop.runPending();
            client.send(Frames.streamType("echo"));
            loop.runPending();
        }

        void onward(StreamState s, long ordinal) {
            onward.listener.onState(s, ordinal);
            loop.runPending();
        }

        /** The CONNSTATE frames the client got so far. */
        List<Frame> connStates() throws SssProtocolException {
            return CaptureDecodingTest.decode(false, List.of(client.bytes())).stream()
                    .filter(f -> f.type() == SssFrameType.CONNSTATE).toList();
        }

        @Override
        public void close() {
            listener.close();
        }
    }

    static Stream<Arguments> headOnlyEdges() {
        return StateTransitionsTest.headOnlyEdges().stream().map(e -> Arguments.of(e.get(0), e.get(1)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("headOnlyEdges")
    void aHeadOnlyEdgeReachesTheClientInSeedTermsAndEndsWhereTheOnwardStreamIs(StreamState from, StreamState to)
            throws Exception {
        List<StreamState> expected = FORWARDED_AS.get(List.of(from, to));
        assertTrue(expected != null, "every HEAD-only edge has a decided forwarding");
        try (Rig rig = new Rig("edge"); LogCapture log = new LogCapture()) {
            List<StreamState> prefix = seedPathTo(from);
            for (StreamState s : prefix) {
                rig.onward(s, 0);
            }
            rig.onward(to, 42);
            List<Frame> frames = rig.connStates();
            List<StreamState> sent = states(frames);
            assertLegalForBothTables(sent);
            assertEquals(prefix, sent.subList(0, prefix.size()), "the way there went as it was");
            List<StreamState> added = sent.subList(prefix.size(), sent.size());
            assertEquals(expected, added, "what " + from + " -> " + to + " became");
            if (expected.isEmpty()) {
                assertTrue(from == to || from == ALL_RETRIES_FAILED && to == POLL, "only repeats and ARF -> POLL go");
            } else {
                assertEquals(to, sent.get(sent.size() - 1), "the client ends where the onward stream is");
                assertEquals(42, frames.get(frames.size() - 1).b(), "the onward state keeps its ordinal");
                for (Frame bridge : frames.subList(prefix.size(), frames.size() - 1)) {
                    assertEquals(0, bridge.b(), "a bridge state carries ordinal 0");
                }
            }
            assertEquals(List.of(), log.warnings(), "a HEAD-legal move is never a warning");
        }
    }

    @Test
    void afterADroppedPollEveryMoveHeadAllowsFromPollStillReachesTheClient() throws Exception {
        for (StreamState next : StateTransitionsTest.TRACKED) {
            if (next == DESTROYING || !StateTransitions.isAllowed(POLL, next)) {
                continue;
            }
            try (Rig rig = new Rig("after-poll"); LogCapture log = new LogCapture()) {
                for (StreamState s : List.of(CREATING, CONNECTING, ALL_RETRIES_FAILED, POLL, next)) {
                    rig.onward(s, 0);
                }
                List<StreamState> sent = states(rig.connStates());
                assertLegalForBothTables(sent);
                assertEquals(next, sent.get(sent.size() - 1), "POLL -> " + next + " seen as " + sent);
                assertEquals(List.of(), log.warnings());
            }
        }
    }

    /**
     * wire.md §6.1: a proxy written against HEAD rules may emit sequences that a seed client
     * rejects (and an lws client destroys the stream on one). Thousands of random HEAD-legal walks,
     * leaning on HEAD-only edges, with user states and EVENT_WAIT_CANCELLED mixed in.
     */
    @Test
    void seedClientsNeverSeeHeadOnlyTransitions() throws Exception {
        Random random = new Random(0x5EED5AFEL);
        Map<List<StreamState>, Integer> headOnlyTaken = new HashMap<>();
        try (LogCapture log = new LogCapture()) {
            for (int walk = 0; walk < 3000; walk++) {
                try (Rig rig = new Rig("walk")) {
                    StreamState onward = CREATING;
                    rig.onward(CREATING, 0);
                    int steps = 1 + random.nextInt(24);
                    for (int step = 1; step <= steps; step++) {
                        if (random.nextInt(16) == 0) {
                            rig.onward(random.nextBoolean() ? StreamState.of(1000) : StreamState.EVENT_WAIT_CANCELLED, 7);
                        }
                        StreamState next = pick(random, onward);
                        if (!StateTransitions.isAllowedBySeed(onward, next)) {
                            headOnlyTaken.merge(List.of(onward, next), 1, Integer::sum);
                        }
                        int before = rig.connStates().size();
                        rig.onward(next, step);
                        List<Frame> frames = rig.connStates();
                        List<StreamState> sent = states(frames);
                        assertLegalForBothTables(sent);
                        StreamState seen = sent.get(sent.size() - 1);
                        assertTrue(seen == next || seen == ALL_RETRIES_FAILED && next == POLL,
                                "the client is at " + seen + " with the onward stream at " + next + ": " + sent);
                        if (frames.size() > before) {
                            assertEquals(step, frames.get(frames.size() - 1).b(), "the onward state keeps its ordinal");
                            assertTrue(frames.subList(before, frames.size() - 1).stream().allMatch(f -> f.b() == 0),
                                    "bridge states carry ordinal 0");
                        }
                        onward = next;
                    }
                }
            }
            assertEquals(List.of(), log.warnings(), "no HEAD-legal move is a warning");
        }
        assertEquals(StateTransitionsTest.headOnlyEdges().size(), headOnlyTaken.size(),
                "every HEAD-only edge was walked: " + headOnlyTaken);
        assertTrue(headOnlyTaken.values().stream().allMatch(n -> n >= 20), headOnlyTaken::toString);
    }

    // ---- helpers

    /** A random next state HEAD allows after {@code from} (never DESTROYING), a HEAD-only one half the time. */
    private static StreamState pick(Random random, StreamState from) {
        List<StreamState> all = new ArrayList<>();
        List<StreamState> headOnly = new ArrayList<>();
        for (StreamState s : StateTransitionsTest.TRACKED) {
            if (s != DESTROYING && s != UNSET && StateTransitions.isAllowed(from, s)) {
                all.add(s);
                if (!StateTransitions.isAllowedBySeed(from, s)) {
                    headOnly.add(s);
                }
            }
        }
        List<StreamState> choices = !headOnly.isEmpty() && random.nextBoolean() ? headOnly : all;
        return choices.get(random.nextInt(choices.size()));
    }

    /** The shortest seed-legal way from a new stream to {@code target}, without DESTROYING. */
    private static List<StreamState> seedPathTo(StreamState target) {
        Map<StreamState, StreamState> cameFrom = new HashMap<>();
        ArrayDeque<StreamState> queue = new ArrayDeque<>(List.of(UNSET));
        cameFrom.put(UNSET, UNSET);
        while (!queue.isEmpty() && !cameFrom.containsKey(target)) {
            StreamState at = queue.poll();
            for (StreamState s : StateTransitionsTest.TRACKED) {
                if (s != DESTROYING && !cameFrom.containsKey(s) && StateTransitions.isAllowedBySeed(at, s)) {
                    cameFrom.put(s, at);
                    queue.add(s);
                }
            }
        }
        List<StreamState> path = new ArrayList<>();
        for (StreamState s = target; s != UNSET; s = cameFrom.get(s)) {
            path.add(0, s);
        }
        return path;
    }

    private static List<StreamState> states(List<Frame> frames) {
        return frames.stream().map(f -> StreamState.of(f.a())).filter(StateTransitions::isTracked).toList();
    }

    private static void assertLegalForBothTables(List<StreamState> sent) {
        StreamState previous = UNSET;
        for (StreamState s : sent) {
            assertTrue(StateTransitions.isAllowedBySeed(previous, s), previous + " -> " + s + " in " + sent);
            assertTrue(StateTransitions.isAllowed(previous, s), previous + " -> " + s + " in " + sent);
            previous = s;
        }
    }
}
