package dev.strand.core.net.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Loop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualLoopTest {

    private final ManualLoop loop = new ManualLoop();
    private final List<String> events = new ArrayList<>();

    @Test
    void timersFireInDeadlineOrderOnlyWhenTimeAdvances() {
        loop.schedule(() -> events.add("b@20"), 20, TimeUnit.MILLISECONDS);
        loop.schedule(() -> events.add("a@10"), 10, TimeUnit.MILLISECONDS);
        loop.runPending();
        assertEquals(List.of(), events);

        loop.advanceMillis(15);
        assertEquals(List.of("a@10"), events);
        loop.advanceMillis(5);
        assertEquals(List.of("a@10", "b@20"), events);
    }

    @Test
    void aTimerSeesTheClockAtItsDeadline() {
        long start = loop.nanoTime();
        loop.schedule(() -> events.add("at " + (loop.nanoTime() - start) / 1_000_000 + "ms"), 7, TimeUnit.MILLISECONDS);
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of("at 7ms"), events);
        assertEquals(1000, (loop.nanoTime() - start) / 1_000_000);
    }

    @Test
    void timersScheduledByTimersFireWithinTheSameAdvance() {
        loop.schedule(() -> {
            events.add("first");
            loop.schedule(() -> events.add("second"), 5, TimeUnit.MILLISECONDS);
        }, 5, TimeUnit.MILLISECONDS);
        loop.advanceMillis(10);
        assertEquals(List.of("first", "second"), events);
    }

    @Test
    void cancelledTimersNeverFire() {
        Loop.Scheduled s = loop.schedule(() -> events.add("x"), 1, TimeUnit.MILLISECONDS);
        assertTrue(s.cancel());
        assertFalse(s.cancel());
        loop.advanceMillis(5);
        assertEquals(List.of(), events);
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void tasksQueuedByTasksRunInOrder() {
        loop.execute(() -> {
            events.add("1");
            loop.execute(() -> events.add("3"));
        });
        loop.execute(() -> events.add("2"));
        assertEquals(3, loop.runPending());
        assertEquals(List.of("1", "2", "3"), events);
    }
}
