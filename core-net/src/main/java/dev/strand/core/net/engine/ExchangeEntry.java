package dev.strand.core.net.engine;

import dev.strand.api.Loop;
import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ExchangeProgress;
import java.time.Duration;

/**
 * The engine's record of one submitted exchange: where it is (new, queued, bound, done), its
 * deadline and its replay history. Confined to the engine's loop, except {@link #cancel()}
 * which hands over.
 */
final class ExchangeEntry implements ExchangeHandle {

    enum State { NEW, PENDING, BOUND, DONE }

    final ConnectionEngine engine;
    final Pool pool;
    final Exchange exchange;
    final ExchangeOptions options;
    final ExchangeObserver observer;
    final long seq;

    State state = State.NEW;
    PooledConnection connection;
    boolean boundToReused;
    boolean responseStarted;
    boolean cancelRequested;
    int replays;
    boolean replayedNotProcessedOnReused;

    private final ExchangeDeadline deadline;
    private DeadlineExceededException.Phase phase;

    ExchangeEntry(ConnectionEngine engine, Pool pool, Exchange exchange, ExchangeOptions options,
                  ExchangeObserver observer, long seq) {
        this.engine = engine;
        this.pool = pool;
        this.exchange = exchange;
        this.options = options;
        this.observer = observer;
        this.seq = seq;
        this.deadline = new ExchangeDeadline(engine.loop(), this::deadlineReached, options.queueTimeout(),
                options.responseTimeout(), options.idleTimeout());
    }

    @Override
    public void cancel() {
        Loop loop = engine.loop();
        if (loop.inLoop()) {
            engine.cancel(this);
        } else {
            loop.execute(() -> engine.cancel(this));
        }
    }

    void queued() {
        state = State.PENDING;
        connection = null;
        arm(DeadlineExceededException.Phase.QUEUED, options.queueTimeout());
    }

    void bound(PooledConnection c) {
        state = State.BOUND;
        connection = c;
        arm(DeadlineExceededException.Phase.RESPONSE, options.responseTimeout());
    }

    void progress(ExchangeProgress p) {
        if (state != State.BOUND) {
            return;
        }
        switch (p) {
            case REQUEST_SENT -> {
                if (!responseStarted) {
                    arm(DeadlineExceededException.Phase.RESPONSE, options.responseTimeout());
                }
            }
            case RESPONSE_STARTED -> {
                responseStarted = true;
                arm(DeadlineExceededException.Phase.IDLE, options.idleTimeout());
            }
            case RESPONSE_DATA -> {
                if (phase == DeadlineExceededException.Phase.IDLE) {
                    deadline.startingNow(options.idleTimeout());
                }
            }
        }
    }

    /** Ends the exchange; false if it had already ended. */
    boolean finish() {
        if (state == State.DONE) {
            return false;
        }
        state = State.DONE;
        disarm();
        return true;
    }

    void disarm() {
        deadline.clear();
    }

    private void arm(DeadlineExceededException.Phase next, Duration limit) {
        phase = next;
        deadline.startingNow(limit);
    }

    private void deadlineReached() {
        if (state == State.DONE) {
            return;
        }
        engine.deadlineExceeded(this, new DeadlineExceededException(phase, limitOf(phase), describe()));
    }

    private Duration limitOf(DeadlineExceededException.Phase phase) {
        return switch (phase) {
            case QUEUED -> options.queueTimeout();
            case RESPONSE -> options.responseTimeout();
            case IDLE -> options.idleTimeout();
        };
    }

    String describe() {
        return connection == null ? pool.key.toString() : pool.key + " on connection #" + connection.id;
    }

    @Override
    public String toString() {
        return "exchange#" + seq + "(" + state + ", " + exchange + ")";
    }
}
