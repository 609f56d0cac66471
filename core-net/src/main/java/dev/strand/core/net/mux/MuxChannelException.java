package dev.strand.core.net.mux;

import java.io.IOException;

/**
 * Why one mux channel closed or could not open while the mux link stayed up: the peer refused it
 * (CHANNEL_NACK), no CHANNEL_ACK came in time, the channel limit was reached, or the channel
 * buffered more than its receive limit while its reader was paused.
 */
public final class MuxChannelException extends IOException {

    private static final long serialVersionUID = 1L;

    public MuxChannelException(String message) {
        super(message);
    }
}
