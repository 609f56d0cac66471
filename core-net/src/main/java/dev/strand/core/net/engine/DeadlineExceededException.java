package dev.strand.core.net.engine;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** An exchange ran out of time in one phase. */
public final class DeadlineExceededException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    /** The phase whose deadline expired. */
    public enum Phase {
        /** Waiting in the pool for a session with capacity. */
        QUEUED,
        /** Bound, waiting for the response to start. */
        RESPONSE,
        /** Receiving the response, waiting for its next piece. */
        IDLE
    }

    private final Phase phase;

    public DeadlineExceededException(Phase phase, Duration limit, String where) {
        super(describe(phase) + " for longer than " + limit.toMillis() + " ms (" + where + ")");
        this.phase = phase;
    }

    public Phase phase() {
        return phase;
    }

    private static String describe(Phase phase) {
        return switch (phase) {
            case QUEUED -> "exchange was queued without a connection";
            case RESPONSE -> "no response started";
            case IDLE -> "response stalled";
        };
    }
}
