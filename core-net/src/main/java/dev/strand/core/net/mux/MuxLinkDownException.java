package dev.strand.core.net.mux;

import java.io.IOException;

/**
 * Why a mux channel closed or could not open: the mux link under it went down (no PONG within
 * the grace time, RESET_TRANSPORT from the peer, corrupted bytes, lost coherence, or the
 * underlying link closed). Every channel of the session is gone; bytes written to them and not
 * yet sent are lost.
 */
public final class MuxLinkDownException extends IOException {

    private static final long serialVersionUID = 1L;

    public MuxLinkDownException(String message) {
        super(message);
    }

    public MuxLinkDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
