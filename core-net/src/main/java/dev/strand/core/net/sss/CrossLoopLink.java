package dev.strand.core.net.sss;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.LinkLostException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A link used from a loop other than its own: a stream on loop U whose link (a channel of a mux
 * session that runs on loop M) calls back on M. Given to {@code connect} as the handler, it passes
 * each event on to the stream's handler on U (read data copied) and each call the stream makes to
 * the link on to M (written data copied). Order is kept both ways. When the link opens on U
 * itself, the stream gets the link as it is and this object steps aside.
 *
 * <p>Writability seen from U is the link's as last reported on M, less what is on its way there;
 * a {@link LinkLostException} closing the link also counts the written bytes that were still on
 * their way and are now dropped. Threads: events on M, calls on U; the shared state is volatile
 * or atomic.
 */
final class CrossLoopLink implements Link, LinkHandler {

    /** Bytes on their way to the link above which this side reports itself not writable. */
    private static final long IN_TRANSIT_LIMIT = 64 * 1024;

    private final Loop userLoop;
    private final LinkHandler user;
    private final AtomicLong inTransit = new AtomicLong();
    private volatile Link inner;
    private volatile boolean open;
    private volatile boolean innerWritable;
    private volatile boolean direct;

    private CrossLoopLink(Loop userLoop, LinkHandler user) {
        this.userLoop = userLoop;
        this.user = user;
    }

    /** The handler to connect with, so that {@code user}'s events run on {@code userLoop}. */
    static LinkHandler on(Loop userLoop, LinkHandler user) {
        return new CrossLoopLink(userLoop, user);
    }

    // ---- events, on the link's loop

    @Override
    public void onOpen(Link link) {
        inner = link;
        if (link.loop() == userLoop) {
            direct = true;
            user.onOpen(link);
            return;
        }
        open = true;
        innerWritable = link.isWritable();
        userLoop.execute(() -> user.onOpen(this));
    }

    @Override
    public void onRead(Link link, ByteBuffer data) {
        if (direct) {
            user.onRead(link, data);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        userLoop.execute(() -> user.onRead(this, copy));
    }

    @Override
    public void onWritable(Link link) {
        if (direct) {
            user.onWritable(link);
            return;
        }
        innerWritable = link.isWritable();
        userLoop.execute(() -> user.onWritable(this));
    }

    @Override
    public void onLostCoherence(Link link) {
        if (direct) {
            user.onLostCoherence(link);
        } else {
            LinkHandler.super.onLostCoherence(link);
        }
    }

    @Override
    public void onClosed(Link link, Throwable cause) {
        if (direct) {
            user.onClosed(link, cause);
            return;
        }
        open = false;
        Throwable told = cause;
        long dropped = inTransit.get();
        if (cause instanceof LinkLostException lost && dropped > 0) {
            told = new LinkLostException(lost.getMessage(), lost.unsentBytes() + dropped, lost.getCause());
        }
        Throwable why = told;
        userLoop.execute(() -> user.onClosed(this, why));
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        if (userLoop.inLoop()) {
            user.onConnectFailed(cause);
        } else {
            userLoop.execute(() -> user.onConnectFailed(cause));
        }
    }

    // ---- calls, on the stream's loop

    @Override
    public Loop loop() {
        return userLoop;
    }

    @Override
    public String peer() {
        return inner.peer();
    }

    @Override
    public boolean write(ByteBuffer data) {
        int n = data.remaining();
        ByteBuffer copy = ByteBuffer.allocate(n).put(data).flip();
        if (!open) {
            return false;
        }
        inTransit.addAndGet(n);
        Link l = inner;
        l.loop().execute(() -> {
            inTransit.addAndGet(-n);
            innerWritable = l.write(copy);
        });
        return isWritable();
    }

    @Override
    public boolean isWritable() {
        return open && innerWritable && inTransit.get() < IN_TRANSIT_LIMIT;
    }

    @Override
    public void requestWrite() {
        Link l = inner;
        l.loop().execute(l::requestWrite);
    }

    @Override
    public void setReading(boolean on) {
        Link l = inner;
        l.loop().execute(() -> l.setReading(on));
    }

    @Override
    public void close() {
        Link l = inner;
        l.loop().execute(l::close);
    }

    @Override
    public void abort(Throwable cause) {
        Link l = inner;
        l.loop().execute(() -> l.abort(cause));
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String toString() {
        return "cross-loop(" + inner + ")";
    }
}
