package dev.strand.core.net.engine;

import dev.strand.api.protocol.ReplayClass;

/**
 * Whether an exchange whose connection failed is sent again ({@code spec/queueing.md} §3.3):
 * never once its response started or after {@code maxReplays}; {@code NOT_PROCESSED} always,
 * except that an exchange that was bound to a reused connection is replayed that way only once;
 * {@code IF_IDEMPOTENT} only if the exchange is idempotent; {@code NEVER} never.
 */
final class ReplayRules {

    private ReplayRules() {
    }

    /** Decides, and records a replay of a refused exchange from a reused connection. */
    static boolean mayReplay(ExchangeEntry e, ReplayClass replay, int maxReplays) {
        if (e.responseStarted || e.replays >= maxReplays) {
            return false;
        }
        return switch (replay) {
            case NOT_PROCESSED -> {
                if (!e.boundToReused) {
                    yield true;
                }
                if (e.replayedNotProcessedOnReused) {
                    yield false;
                }
                e.replayedNotProcessedOnReused = true;
                yield true;
            }
            case IF_IDEMPOTENT -> e.exchange.idempotent();
            case NEVER -> false;
        };
    }
}
