package dev.strand.api.protocol;

/**
 * Whether a failed exchange may be run again on another connection.
 */
public enum ReplayClass {

    /**
     * The peer did not process it: h2 REFUSED_STREAM, a GOAWAY whose last-stream-id is below the
     * stream, an h1 reused connection that died before sending anything back. Always safe to replay.
     */
    NOT_PROCESSED,

    /** The peer may have processed it; replay only if {@link Exchange#idempotent()}. */
    IF_IDEMPOTENT,

    /** Must not be replayed: fail it to its owner. */
    NEVER
}
