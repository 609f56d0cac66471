package dev.strand.core.net.mux;

/**
 * The peer's wall clock as the last PONGACK told it. A device with no real-time clock uses it to
 * learn the time from its proxy. Immutable.
 *
 * <p>The first two fields are lws HEAD's (the PONGACK's time and the local monotonic time of its
 * arrival). lws stops there, so its estimate runs late by however long the PONGACK took to arrive.
 * Strand also keeps the round trip of the exchange the PONGACK answered (this side's PONG out, the
 * peer's PONGACK in) and adds half of it, as NTP does: the PONGACK was stamped about half a round
 * trip before it arrived.
 *
 * @param peerWallMicros          the PONGACK's time: the peer's wall clock, µs since the Unix epoch
 * @param receivedMonotonicMicros this side's {@link dev.strand.api.Loop#monotonicMicros()} when it arrived
 * @param roundTripMicros         from writing the PONG the PONGACK answers to receiving the PONGACK
 *                                (0 when no PONG of this side preceded it)
 */
public record PeerClock(long peerWallMicros, long receivedMonotonicMicros, long roundTripMicros) {

    public PeerClock {
        if (roundTripMicros < 0) {
            throw new IllegalArgumentException("round trip " + roundTripMicros + " µs is negative");
        }
    }

    /** The peer's wall time now (µs since the epoch): {@code peer + (now - received) + roundTrip / 2}. */
    public long estimateWallMicros(long nowMonotonicMicros) {
        return peerWallMicros + (nowMonotonicMicros - receivedMonotonicMicros) + roundTripMicros / 2;
    }
}
