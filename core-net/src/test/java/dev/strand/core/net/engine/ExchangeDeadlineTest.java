package dev.strand.core.net.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strand.core.net.loop.ManualLoop;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An exchange's deadline on a fake clock: exact firing, whatever the moves, with at most one timer. */
class ExchangeDeadlineTest {

    private final ManualLoop loop = new ManualLoop();
    private int fired;
    private final ExchangeDeadline deadline = new ExchangeDeadline(loop, () -> fired++,
            Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30));

    @Test
    void aDeadlineMovedLaterFiresWhenTheLaterOneIsDueAndNotBefore() {
        deadline.startingNow(Duration.ofSeconds(5));
        loop.advanceMillis(4_000);
        deadline.startingNow(Duration.ofSeconds(30));
        loop.advanceMillis(29_999);
        assertEquals(0, fired);
        loop.advanceMillis(1);
        assertEquals(1, fired);
        loop.advanceMillis(120_000);
        assertEquals(1, fired, "a deadline fires once");
    }

    @Test
    void aShorterDeadlineAfterALongerOneStillFiresExactlyOnTime() {
        deadline.startingNow(Duration.ofSeconds(60));
        loop.advanceMillis(52_500);
        deadline.startingNow(Duration.ofSeconds(5));
        loop.advanceMillis(4_999);
        assertEquals(0, fired);
        loop.advanceMillis(1);
        assertEquals(1, fired);
    }

    @Test
    void movingTheDeadlineOftenKeepsOneTimer() {
        deadline.startingNow(Duration.ofSeconds(60));
        deadline.startingNow(Duration.ofSeconds(5));
        for (int i = 0; i < 1_000; i++) {
            loop.advanceMillis(1);
            deadline.startingNow(Duration.ofSeconds(30));
        }
        assertEquals(1, loop.pendingTimers());
        loop.advanceMillis(29_999);
        assertEquals(0, fired, "each move restarts the 30 s");
        loop.advanceMillis(1);
        assertEquals(1, fired);
    }

    @Test
    void clearingCancelsTheTimerAndNothingFires() {
        deadline.startingNow(Duration.ofSeconds(5));
        deadline.clear();
        assertEquals(0, loop.pendingTimers());
        loop.advanceMillis(120_000);
        assertEquals(0, fired);
    }

    @Test
    void aPhaseWithoutALimitNeverFiresAndALaterLimitedOneDoes() {
        deadline.startingNow(Duration.ofSeconds(5));
        deadline.startingNow(Duration.ZERO);
        loop.advanceMillis(600_000);
        assertEquals(0, fired);
        assertEquals(0, loop.pendingTimers(), "no timer is kept for a phase without a limit");
        deadline.startingNow(Duration.ofSeconds(30));
        loop.advanceMillis(30_000);
        assertEquals(1, fired);
    }

    @Test
    void anExchangeWhoseLimitsAreAllOffNeverArmsATimer() {
        ExchangeDeadline none = new ExchangeDeadline(loop, () -> fired++, Duration.ZERO, Duration.ZERO);
        none.startingNow(Duration.ZERO);
        assertEquals(0, loop.pendingTimers());
    }
}
