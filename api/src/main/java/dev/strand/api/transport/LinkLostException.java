package dev.strand.api.transport;

import java.io.IOException;

/**
 * Why a link closed when it went down under its user (a serial device unplugged, the transport
 * mux's link lost), from a transport that knows how much of what was written to the link never
 * left the process: {@link LinkHandler#onClosed}'s cause.
 *
 * <p>{@link #unsentBytes()} counts the last bytes written to the link (in the order they were
 * written) that were still queued in this process when the link went down: they certainly never
 * reached the peer. It cannot count bytes that had left the process but not yet the machine
 * (written into the kernel's buffers of a socket or serial device, or onto a wire that was then
 * cut): those are lost without a report. A transport that cannot tell reports 0, or closes with
 * another cause. Immutable.
 */
public class LinkLostException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long unsentBytes;

    /**
     * @param message     what went down, naming the link
     * @param unsentBytes of the bytes written to the link, how many had not left the process (&ge; 0)
     */
    public LinkLostException(String message, long unsentBytes) {
        this(message, unsentBytes, null);
    }

    /**
     * @param message     what went down, naming the link
     * @param unsentBytes of the bytes written to the link, how many had not left the process (&ge; 0)
     * @param cause       what made it go down, if known
     */
    public LinkLostException(String message, long unsentBytes, Throwable cause) {
        super(message, cause);
        if (unsentBytes < 0) {
            throw new IllegalArgumentException("unsent bytes " + unsentBytes + " is negative");
        }
        this.unsentBytes = unsentBytes;
    }

    /**
     * The link went down; of the bytes written to it, this many (the last ones written) had not
     * left the process.
     */
    public long unsentBytes() {
        return unsentBytes;
    }
}
