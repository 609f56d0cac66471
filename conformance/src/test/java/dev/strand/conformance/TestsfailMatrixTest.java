package dev.strand.conformance;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamState;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * lws's testsfail matrix (secure-streams.md §5.6), against the suite's local origins, in every
 * placement: for each scenario, what must be seen, what must never be seen, and within how long.
 */
class TestsfailMatrixTest extends ConformanceCase {

    private static final byte[] BULK = new byte[12345];

    static {
        new SplittableRandom(12345).nextBytes(BULK);
    }

    /**
     * One row: a streamtype, what the application does on CREATING, what it must see, the states it
     * must never see, and how long it has.
     */
    record Scenario(String name, String streamType, Consumer<SecureStream> onCreating, Predicate<Script> mustSee,
                    List<StreamState> mustNeverSee, Duration within, byte[] send) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("a plain connection succeeds", "raw-echo", SecureStream::connect,
                    s -> s.states.contains(CONNECTED), List.of(UNREACHABLE, ALL_RETRIES_FAILED), Duration.ofSeconds(5), null),
            new Scenario("wss with the policy's trust store succeeds", "wss-python", SecureStream::requestTx,
                    s -> s.rxSize() == 3, List.of(UNREACHABLE, ALL_RETRIES_FAILED), Duration.ofSeconds(5), new byte[] {1, 2, 3}),
            new Scenario("a refused connection ends in ALL_RETRIES_FAILED", "raw-down", SecureStream::connect,
                    s -> s.states.contains(ALL_RETRIES_FAILED), List.of(CONNECTED), Duration.ofSeconds(5), null),
            new Scenario("a certificate no trusted CA issued ends in ALL_RETRIES_FAILED", "wss-untrusted",
                    SecureStream::connect, s -> s.states.contains(ALL_RETRIES_FAILED), List.of(CONNECTED),
                    Duration.ofSeconds(5), null),
            new Scenario("the policy timeout fires on a stream that waits longer", "raw-echo", st -> st.startTimeout(0),
                    s -> s.states.contains(TIMEOUT), List.of(CONNECTED), Duration.ofSeconds(5), null),
            new Scenario("a bulk read of 12345 bytes comes back whole", "ws-python", SecureStream::requestTx,
                    s -> s.rxSize() == BULK.length, List.of(UNREACHABLE, ALL_RETRIES_FAILED), Duration.ofSeconds(5), BULK));

    static Stream<Arguments> matrix() {
        return SCENARIOS.stream().flatMap(sc -> Arrays.stream(Placement.values()).map(p -> arguments(sc, p)));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("matrix")
    void mustSeeWhatTheScenarioPromisesAndNeverWhatItForbids(Scenario sc, Placement p) {
        Script script = new Script().whenDo(CREATING, sc.onCreating());
        if (sc.send() != null) {
            script.queueMessage(sc.send(), 1000);
        }
        Script s = open(p, sc.streamType(), script);
        long deadline = System.nanoTime() + sc.within().toNanos();
        while (!sc.mustSee().test(s) && System.nanoTime() < deadline) {
            sleep();
        }
        for (StreamState never : sc.mustNeverSee()) {
            assertFalse(s.states.contains(never), sc + ": saw " + never + " in " + s.states);
        }
        if (!sc.mustSee().test(s)) {
            throw new AssertionError(sc + ": not seen within " + sc.within() + "; states " + s.states);
        }
        if (sc.send() != null) {
            assertArrayEquals(sc.send(), s.rx());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
