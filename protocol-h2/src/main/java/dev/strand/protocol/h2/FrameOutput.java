package dev.strand.protocol.h2;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import java.util.function.BooleanSupplier;

/**
 * Where a session's outgoing frames gather ({@link #frames()}) and how they reach the link: at
 * once with {@link #flush()}, or once at the end of the current loop turn with
 * {@link #flushSoon()}, so that everything one turn produces goes out in one write. Confined to
 * the session's loop.
 */
final class FrameOutput {

    private final FrameWriter frames = new FrameWriter();
    private final Link link;
    private final Loop loop;
    private final BooleanSupplier linkClosed;
    private boolean flushQueued;

    /** @param linkClosed whether the link has closed: nothing is written after that */
    FrameOutput(Link link, BooleanSupplier linkClosed) {
        this.link = link;
        this.loop = link.loop();
        this.linkClosed = linkClosed;
    }

    FrameWriter frames() {
        return frames;
    }

    /** Bytes framed and not yet written. */
    int pending() {
        return frames.pending();
    }

    void flush() {
        if (!linkClosed.getAsBoolean()) {
            frames.drainTo(link::write);
        }
    }

    void flushSoon() {
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(() -> {
                flushQueued = false;
                flush();
            });
        }
    }
}
