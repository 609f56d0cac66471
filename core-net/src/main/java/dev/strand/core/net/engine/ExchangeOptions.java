package dev.strand.core.net.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The deadlines of one exchange. Each runs on the engine loop's clock; {@link Duration#ZERO}
 * turns a deadline off (except {@code connect}, which every attempt needs). Immutable.
 *
 * @param queueTimeout    from submission (or re-dispatch) until the exchange is bound to a session
 * @param connectTimeout  for each connection attempt this exchange causes; a timed-out attempt is
 *                        a connect failure and is retried with the engine's backoff
 * @param responseTimeout from binding until the response starts; re-armed when the request has
 *                        been sent, so a long upload gets the full time after it finished
 * @param idleTimeout     after the response started, the longest gap between two pieces of it
 */
public record ExchangeOptions(Duration queueTimeout, Duration connectTimeout, Duration responseTimeout,
                              Duration idleTimeout) {

    /** 60 s queued, 10 s per connect attempt, 30 s to the response, 30 s body idle. */
    public static final ExchangeOptions DEFAULT = new ExchangeOptions(Duration.ofSeconds(60),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30));

    public ExchangeOptions {
        requireNotNegative(queueTimeout, "queueTimeout");
        requireNotNegative(responseTimeout, "responseTimeout");
        requireNotNegative(idleTimeout, "idleTimeout");
        requireNotNegative(connectTimeout, "connectTimeout");
        if (connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }

    public ExchangeOptions withQueueTimeout(Duration d) {
        return new ExchangeOptions(d, connectTimeout, responseTimeout, idleTimeout);
    }

    public ExchangeOptions withConnectTimeout(Duration d) {
        return new ExchangeOptions(queueTimeout, d, responseTimeout, idleTimeout);
    }

    public ExchangeOptions withResponseTimeout(Duration d) {
        return new ExchangeOptions(queueTimeout, connectTimeout, d, idleTimeout);
    }

    public ExchangeOptions withIdleTimeout(Duration d) {
        return new ExchangeOptions(queueTimeout, connectTimeout, responseTimeout, d);
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
