package dev.strand.api.ss;

import java.util.Objects;

/**
 * What a stream is created with: lws's {@code lws_ss_info_t}, minus what Java does not need.
 *
 * @param streamType          the policy entry to bind to (at most 31 bytes over a proxy link)
 * @param handler             the application's callbacks
 * @param initialPeerTxCredit 0 for automatic; otherwise how much the remote peer may send
 *                            before the application grants more (h2 manual flow control); for
 *                            the {@code _lws_smd} streamtype, the SMD class mask
 */
public record StreamOptions(String streamType, StreamHandler handler, int initialPeerTxCredit) {

    public StreamOptions {
        Objects.requireNonNull(streamType, "streamType");
        Objects.requireNonNull(handler, "handler");
        if (streamType.isEmpty()) {
            throw new IllegalArgumentException("streamtype name is empty");
        }
    }

    /** A stream of {@code streamType} with automatic tx credit. */
    public static StreamOptions of(String streamType, StreamHandler handler) {
        return new StreamOptions(streamType, handler, 0);
    }
}
