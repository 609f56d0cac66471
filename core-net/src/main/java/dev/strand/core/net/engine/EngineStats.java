package dev.strand.core.net.engine;

/**
 * A snapshot of a {@link ConnectionEngine}'s counters, for tests, logs and {@code strand fetch}.
 *
 * @param connectAttempts       connections the engine started to open
 * @param connectionsOpened     connections whose link opened and whose session started
 * @param connectFailures       attempts that failed before the connection carried anything
 * @param openConnections       connections open or opening now
 * @param exchangesSubmitted    exchanges submitted
 * @param exchangesBound        bindings of exchanges to sessions (a re-dispatched exchange counts again)
 * @param connectionsReused     bindings to a connection that had carried an exchange before
 * @param exchangesRedispatched exchanges put back in the queue after their connection died
 * @param exchangesCompleted    exchanges that completed
 * @param exchangesFailed       exchanges that failed (cancellations and deadlines included)
 */
public record EngineStats(long connectAttempts, long connectionsOpened, long connectFailures,
                          long openConnections, long exchangesSubmitted, long exchangesBound,
                          long connectionsReused, long exchangesRedispatched, long exchangesCompleted,
                          long exchangesFailed) {
}
