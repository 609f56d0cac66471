package dev.strand.core.net.engine;

import dev.strand.api.Loop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of one exchange, moved as the exchange goes from phase to phase, with at most one
 * loop timer behind it.
 *
 * <p>Moving the deadline schedules nothing. The timer is armed for the earliest moment that any
 * deadline of the exchange could fall: its shortest limit from now. When it fires before the
 * current deadline, it re-arms for that deadline or one shortest limit from now, whichever comes
 * first. So a deadline fires exactly when it is due on the loop's clock, never late, and an
 * exchange that finishes within its shortest limit costs one timer in all instead of one per
 * phase and per piece of response.
 *
 * <p>Confined to the engine's loop.
 */
final class ExchangeDeadline {

    private static final long NONE = Long.MAX_VALUE;

    private final Loop loop;
    private final long shortestNanos;
    private final Runnable onDue;
    private Loop.Scheduled timer;
    private long deadline = NONE;

    /**
     * @param limits the limits the exchange's phases may use; zero ones are off
     * @param onDue  runs on the loop when the current deadline has passed
     */
    ExchangeDeadline(Loop loop, Runnable onDue, Duration... limits) {
        this.loop = loop;
        this.onDue = onDue;
        long shortest = NONE;
        for (Duration d : limits) {
            if (!d.isZero()) {
                shortest = Math.min(shortest, d.toNanos());
            }
        }
        this.shortestNanos = shortest;
    }

    /** The deadline is now {@code limit} from now; {@link Duration#ZERO} means none. */
    void startingNow(Duration limit) {
        if (limit.isZero()) {
            deadline = NONE;
            return;
        }
        long now = loop.nanoTime();
        deadline = now + limit.toNanos();
        if (timer == null) {
            arm(shortestNanos);
        }
    }

    /** No deadline any more: the exchange ended. */
    void clear() {
        deadline = NONE;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void arm(long delayNanos) {
        timer = loop.schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        if (deadline == NONE) {
            return;
        }
        long now = loop.nanoTime();
        if (now - deadline >= 0) {
            deadline = NONE;
            onDue.run();
            return;
        }
        arm(Math.min(deadline - now, shortestNanos));
    }
}
