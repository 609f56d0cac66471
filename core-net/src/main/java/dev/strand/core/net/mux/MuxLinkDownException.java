package dev.strand.core.net.mux;

import dev.strand.api.transport.LinkLostException;

/**
 * Why a mux channel closed or could not open: the mux link under it went down (no PONG within
 * the grace time, RESET_TRANSPORT from the peer, corrupted bytes, lost coherence, or the
 * underlying link closed). Every channel of the session is gone. A channel that was open learns
 * in {@link #unsentBytes()} how many of the bytes written to it had not left the process: those
 * still queued in the channel, plus those of its MUX frames the underlying link reported unsent
 * when it went down (a link that does not report them, or a mux link that went down while the
 * underlying link stayed open, adds nothing: those bytes may still be queued below).
 */
public final class MuxLinkDownException extends LinkLostException {

    private static final long serialVersionUID = 1L;

    public MuxLinkDownException(String message) {
        super(message, 0);
    }

    public MuxLinkDownException(String message, Throwable cause) {
        super(message, 0, cause);
    }

    /** What one channel is told: the session's reason, with that channel's unsent byte count. */
    public MuxLinkDownException(String message, long unsentBytes, Throwable cause) {
        super(message, unsentBytes, cause);
    }
}
