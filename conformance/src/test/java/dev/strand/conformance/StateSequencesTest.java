package dev.strand.conformance;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State sequences (secure-streams.md §1.5, §1.6, §1.8) in every placement: nailed-up and
 * opportunistic connection, POLL on requestTx and before every retry (lws retries through
 * request_tx), reconnects, UNREACHABLE to ALL_RETRIES_FAILED on a short retry table, TIMEOUT from
 * the application and from the policy, none after DESTROYING.
 */
class StateSequencesTest extends ConformanceCase {

    private static final Duration QUIET = Duration.ofMillis(400);

    static Stream<Arguments> nailedUpTypes() {
        return Arrays.stream(Placement.values()).flatMap(p -> Stream.of(arguments(p, "raw-nailed"), arguments(p, "ws-nailed")));
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void aNailedUpStreamConnectsByItselfAndCloseEndsItWithDisconnectedThenDestroying(Placement p) {
        Script s = open(p, "raw-nailed", new Script());
        s.awaitStates(CREATING, CONNECTING, CONNECTED);
        s.onLoop(SecureStream::close);
        s.awaitStates(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING);
        assertEquals(DESTROYING, s.stream.state());
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void requestTxOnAnOpportunisticStreamReportsPollThenConnectsThenOffersTx(Placement p) {
        Script s = open(p, "raw-lazy", new Script().queue("ping".getBytes(StandardCharsets.US_ASCII),
                PayloadFlags.SOM | PayloadFlags.EOM).whenDo(CREATING, SecureStream::requestTx));
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED);
        Script.await(() -> new String(s.rx(), StandardCharsets.US_ASCII).equals("ping"), "the echo");
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void connectReportsConnectingWithoutPoll(Placement p) {
        Script s = open(p, "raw-echo", new Script().whenDo(CREATING, SecureStream::connect));
        s.awaitStates(CREATING, CONNECTING, CONNECTED);
        s.assertNoMoreStatesWithin(3, QUIET);
    }

    @ParameterizedTest
    @MethodSource("nailedUpTypes")
    void aNailedUpStreamReconnectsWhenItsOriginDrops(Placement p, String type) {
        Script s = open(p, type, new Script());
        s.awaitStates(CREATING, CONNECTING, CONNECTED);
        boolean ws = type.startsWith("ws");
        Script.await(() -> ws ? !env.ws.sockets.isEmpty() : !env.raw.links.isEmpty(), "the origin's side");
        if (ws) {
            env.ws.dropAll();
        } else {
            env.raw.dropAll();
        }
        s.awaitStates(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void anOpportunisticStreamStaysDownWhenItsOriginDropsUntilAskedAgain(Placement p) {
        Script s = open(p, "ws-lazy", new Script().whenDo(CREATING, SecureStream::requestTx));
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED);
        Script.await(() -> !env.ws.sockets.isEmpty(), "the origin's side");
        env.ws.dropAll();
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED, DISCONNECTED);
        s.assertNoMoreStatesWithin(5, QUIET);
        s.requestTx();
        s.awaitStates(CREATING, POLL, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void anUnreachableOriginIsRetriedOnTheShortTableThenAllRetriesFailed(Placement p) {
        Script s = open(p, "raw-down", new Script().whenDo(CREATING, SecureStream::connect));
        s.awaitStates(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE,
                ALL_RETRIES_FAILED);
        s.assertNoMoreStatesWithin(10, QUIET);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void timeoutComesFromStartTimeoutAndFromThePolicyStopsWhenCancelledAndNeverAfterDestroying(Placement p) {
        Script s = open(p, "raw-echo", new Script());
        s.awaitStates(CREATING);
        s.onLoop(st -> st.startTimeout(100));
        s.awaitStates(CREATING, TIMEOUT);
        long armed = System.nanoTime();
        s.onLoop(st -> st.startTimeout(0));
        s.awaitStates(CREATING, TIMEOUT, TIMEOUT);
        assertTrue(System.nanoTime() - armed >= Duration.ofMillis(250).toNanos(), "0 is the policy's timeout_ms (300)");
        s.onLoop(st -> {
            st.startTimeout(100);
            st.cancelTimeout();
        });
        s.assertNoMoreStatesWithin(3, QUIET);
        s.onLoop(st -> {
            st.startTimeout(100);
            st.close();
        });
        s.awaitStates(CREATING, TIMEOUT, TIMEOUT, DESTROYING);
        s.assertNoMoreStatesWithin(4, QUIET);
    }
}
