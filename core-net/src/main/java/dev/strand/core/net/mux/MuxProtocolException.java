package dev.strand.core.net.mux;

import java.io.IOException;

/**
 * Bytes on a mux link that are not the mux protocol (a byte where a command was expected).
 * It is the cause of the {@link MuxLinkDownException} the channels see: lws has no way to
 * resynchronise, so the link goes down and recovers through three-way PINGs.
 */
public final class MuxProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public MuxProtocolException(String message) {
        super(message);
    }
}
