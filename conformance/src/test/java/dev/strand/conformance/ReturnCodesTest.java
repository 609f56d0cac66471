package dev.strand.conformance;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Result codes (secure-streams.md §1.3, §1.7, §5.1) in every placement: DESTROY_ME from CREATING
 * fails creation, from rx or a state destroys the stream; DISCONNECT_ME drops only the connection;
 * close() inside a callback is refused; DESTROY_ME on ALL_RETRIES_FAILED gives one DESTROYING.
 */
class ReturnCodesTest extends ConformanceCase {

    private static final Duration QUIET = Duration.ofMillis(400);
    private static final int BOTH = PayloadFlags.SOM | PayloadFlags.EOM;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void destroyDuringCreate406b79e44DestroyMeFromCreatingFailsCreation(Placement p) {
        Script s = open(p, "raw-nailed", new Script().when(CREATING, st -> StreamResult.DESTROY_ME));
        s.awaitStates(CREATING, DESTROYING);
        s.assertNoMoreStatesWithin(2, QUIET);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void destroyMeFromRxDestroysTheStream(Placement p) {
        Script s = open(p, "raw-nailed", new Script().queue(ascii("x"), BOTH).whenDo(CONNECTED, SecureStream::requestTx)
                .answerFirstRx(StreamResult.DESTROY_ME));
        s.awaitStates(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void destroyMeFromAStateDestroysTheStream(Placement p) {
        Script s = open(p, "raw-nailed", new Script().when(CONNECTED, st -> StreamResult.DESTROY_ME));
        s.awaitStates(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void disconnectMeFromRxDropsOnlyTheConnectionAndTheStreamCarriesOn(Placement p) {
        Script s = open(p, "raw-nailed", new Script().queue(ascii("x"), BOTH).whenDo(CONNECTED, SecureStream::requestTx)
                .answerFirstRx(StreamResult.DISCONNECT_ME));
        s.awaitStates(CREATING, CONNECTING, CONNECTED, DISCONNECTED);
        s.awaitStates(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED);
        s.queue(ascii("y"), BOTH).requestTx();
        Script.await(() -> new String(s.rx(), StandardCharsets.US_ASCII).equals("xy"), "the next echo: "
                + new String(s.rx(), StandardCharsets.US_ASCII));
        assertEquals(CONNECTED, s.stream.state());
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void a095e6c60CloseFromInsideACallbackIsRefusedAndDestroyMeIsTheWay(Placement p) {
        Script s = open(p, "raw-nailed", new Script().when(CONNECTED, st -> {
            try {
                st.close();
            } catch (IllegalStateException e) {
                return StreamResult.DESTROY_ME;
            }
            return StreamResult.OK;
        }));
        s.awaitStates(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void skippedDestroying83feefe28DestroyMeOnAllRetriesFailedGivesDestroyingOnce(Placement p) {
        Script s = open(p, "raw-down", new Script().whenDo(CREATING, SecureStream::connect)
                .when(ALL_RETRIES_FAILED, st -> StreamResult.DESTROY_ME));
        s.awaitStates(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE,
                ALL_RETRIES_FAILED, DESTROYING);
        s.assertNoMoreStatesWithin(11, QUIET);
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void reentrantDestroy3b9e46851ClosingTwiceIsQuiet(Placement p) {
        Script s = open(p, "raw-nailed", new Script());
        s.awaitStates(CREATING, CONNECTING, CONNECTED);
        s.onLoop(st -> {
            st.close();
            st.close();
        });
        s.onLoop(SecureStream::close);
        s.awaitStates(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING);
        s.assertNoMoreStatesWithin(5, QUIET);
        assertTrue(s.refusals.isEmpty());
    }
}
