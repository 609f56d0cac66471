package dev.strand.core.net.mux;

/**
 * The peer's wall clock as the last PONGACK told it, with lws HEAD's semantics: the peer's wall
 * time and the local monotonic time at which it was received, with no round-trip compensation.
 * A device with no real-time clock uses it to learn the time from its proxy. Immutable.
 *
 * @param peerWallMicros       the PONGACK's time: the peer's wall clock, µs since the Unix epoch
 * @param receivedMonotonicMicros this side's {@link dev.strand.api.Loop#monotonicMicros()} when it arrived
 */
public record PeerClock(long peerWallMicros, long receivedMonotonicMicros) {

    /** The peer's wall time now, estimated as {@code now - received + peer} (µs since the epoch). */
    public long estimateWallMicros(long nowMonotonicMicros) {
        return nowMonotonicMicros - receivedMonotonicMicros + peerWallMicros;
    }
}
