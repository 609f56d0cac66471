package dev.strand.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.ss.StreamState;
import dev.strand.core.net.sss.StateTransitions;
import dev.strand.examples.echo.counter.EchoCounter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "done when": one application class, {@link EchoCounter}, runs unchanged in all three
 * placements and reports the same thing in each: the same states, every message echoed, message
 * boundaries kept where the protocol keeps them.
 */
class OneApplicationTest extends ConformanceCase {

    @ParameterizedTest
    @ValueSource(strings = {"ws-echo", "ws-python", "raw-echo"})
    void theEchoCounterRunsUnchangedAndReportsTheSameInEveryPlacement(String type) throws Exception {
        Map<Placement, EchoCounter.Report> reports = new EnumMap<>(Placement.class);
        for (Placement p : Placement.values()) {
            EchoCounter.Report r = EchoCounter.run(env.bed(p).streams, env.loop, type, 20, 3000, Duration.ofSeconds(30))
                    .get(60, TimeUnit.SECONDS);
            assertTrue(r.clean(), p + ": " + r);
            reports.put(p, r);
        }
        EchoCounter.Report inProcess = reports.get(Placement.IN_PROCESS);
        assertEquals(List.of("CREATING", "POLL", "CONNECTING", "CONNECTED", "DISCONNECTED", "DESTROYING"), inProcess.states());
        assertEquals(20, inProcess.messagesEchoed());
        assertEquals(type.startsWith("ws"), inProcess.framed(), "ws keeps message boundaries, raw does not");
        for (Placement p : Placement.values()) {
            assertEquals(inProcess, reports.get(p), p + " reported differently from in-process");
        }
        StreamState previous = StreamState.UNSET;
        for (String name : inProcess.states()) {
            StreamState s = states(name);
            assertTrue(StateTransitions.isAllowed(previous, s), previous + " -> " + s);
            previous = s;
        }
    }

    private static StreamState states(String name) {
        for (int v = 0; v <= StreamState.SINK_PART.value(); v++) {
            if (StreamState.of(v).name().equals(name)) {
                return StreamState.of(v);
            }
        }
        throw new IllegalArgumentException(name);
    }
}
