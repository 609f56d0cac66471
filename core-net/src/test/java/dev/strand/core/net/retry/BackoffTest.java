package dev.strand.core.net.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    /** A random source that always returns the same 16-bit value. */
    private static RandomGenerator fixed(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public int nextInt(int bound) {
                return value;
            }
        };
    }

    @Test
    void theLastDelayRepeatsAndTheConcealCountEndsTheRetries() {
        Backoff b = new Backoff(RetryPolicy.of("std", 4, 500, 1000, 2000), fixed(0));
        assertEquals(500, b.onFailure().getAsLong());
        assertEquals(1000, b.onFailure().getAsLong());
        assertEquals(2000, b.onFailure().getAsLong());
        assertEquals(2000, b.onFailure().getAsLong());
        assertFalse(b.onFailure().isPresent(), "the 5th failure is not concealed with conceal 4");
    }

    @Test
    void jitterAddsUpToThePercentOfTheDelayAndDefaultsToThirty() {
        Backoff noPercent = new Backoff(RetryPolicy.of("x", 10, 1000), fixed(0xFFFF));
        assertEquals(1000 + 299, noPercent.onFailure().getAsLong(), "30% of 1000, scaled by 65535/65536");
        Backoff twenty = new Backoff(new RetryPolicy("y", java.util.List.of(1000L), 10, 20, 0, 0), fixed(0x8000));
        assertEquals(1100, twenty.onFailure().getAsLong());
    }

    @Test
    void concealForeverNeverGivesUp() {
        Backoff b = new Backoff(RetryPolicy.of("forever", RetryPolicy.CONCEAL_FOREVER, 1), fixed(0));
        for (int i = 0; i < 70_000; i++) {
            assertTrue(b.onFailure().isPresent());
        }
    }

    @Test
    void noRetryEntryGivesUpAtTheFirstFailure() {
        assertFalse(new Backoff(RetryPolicy.NONE, fixed(0)).onFailure().isPresent());
    }

    @Test
    void resetStartsTheTableAgain() {
        Backoff b = new Backoff(RetryPolicy.of("std", 5, 100, 200), fixed(0));
        b.onFailure();
        b.onFailure();
        b.reset();
        assertEquals(100, b.onFailure().getAsLong());
    }

    @Test
    void badSchemesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RetryPolicy.of("bad", 70000, 10));
        assertTrue(e.getMessage().contains("'bad'"));
    }

    @Test
    void theSharedJitterSourceServesLoopsOnManyThreadsWithinTheBounds() throws Exception {
        RetryPolicy policy = RetryPolicy.of("std", 10, 1000);
        Thread[] threads = new Thread[4];
        java.util.concurrent.atomic.AtomicInteger outOfBounds = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    long delay = new Backoff(policy, Backoff.sharedRandom()).onFailure().getAsLong();
                    if (delay < 1000 || delay >= 1300) {
                        outOfBounds.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, outOfBounds.get());
    }
}
