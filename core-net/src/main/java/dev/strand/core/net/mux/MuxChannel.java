package dev.strand.core.net.mux;

import dev.strand.api.transport.Link;

/**
 * One channel of the transport mux: a {@link Link} like any other (whole-buffer writes, explicit
 * write pacing, per-channel read pausing, close and abort), carried inside MUX frames on one
 * underlying link shared with up to 255 other channels. Belongs to its session's loop.
 */
public interface MuxChannel extends Link {

    /** The channel index on the wire, 0..255. */
    int index();

    /** The mux session (one per underlying link) this channel belongs to. */
    MuxSession session();
}
