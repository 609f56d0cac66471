package dev.strand.core.net.engine;

import dev.strand.api.Loop;
import dev.strand.core.net.retry.Backoff;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Everything the engine holds for one {@link PoolKey}: the queue of exchanges waiting for a
 * session (it belongs to the pool, never to a connection), the pooled connections, and the
 * connect backoff. Confined to the engine's loop.
 */
final class Pool {

    final PoolKey key;
    /** Waiting exchanges in submission order; a re-dispatched exchange goes back to its place. */
    final TreeMap<Long, ExchangeEntry> pending = new TreeMap<>();
    final List<PooledConnection> connections = new ArrayList<>();
    final Backoff backoff;

    Loop.Scheduled retryTimer;
    boolean dispatchQueued;
    /** The most exchanges one session of this key has offered to carry at once: how many a connection being opened is expected to take. */
    int expectedCapacity = 1;

    Pool(PoolKey key, Backoff backoff) {
        this.key = key;
        this.backoff = backoff;
    }

    /** The ready session with room for one more exchange and the fewest bound; the oldest on a tie. */
    PooledConnection bestConnection() {
        PooledConnection best = null;
        for (PooledConnection c : connections) {
            if (c.canTakeExchange() && (best == null || c.load() < best.load())) {
                best = c;
            }
        }
        return best;
    }

    /** Connections opening, or open but not yet ready: each is expected to take {@link #expectedCapacity}. */
    int connecting() {
        int n = 0;
        for (PooledConnection c : connections) {
            if (c.isConnecting()) {
                n++;
            }
        }
        return n;
    }

    void learnCapacity(int total) {
        expectedCapacity = Math.max(expectedCapacity, total);
    }

    boolean isUnused() {
        return pending.isEmpty() && connections.isEmpty() && retryTimer == null;
    }
}
