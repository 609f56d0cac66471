package dev.strand.core.net.testing;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Two connected links of one transport, for {@link LinkContract}: {@code a} (the connecting side)
 * and {@code b} (the accepted side), each with its recorder, plus a way to stop the bytes between
 * them without closing anything (a reader that stops reading, a relay that stops relaying, a
 * stopped socat).
 */
public abstract class LinkPair implements AutoCloseable {

    public final Link a;
    public final LinkRecorder ra;
    public final Link b;
    public final LinkRecorder rb;

    protected LinkPair(Link a, LinkRecorder ra, Link b, LinkRecorder rb) {
        this.a = a;
        this.ra = ra;
        this.b = b;
        this.rb = rb;
    }

    /** Stops bytes flowing from {@code a} to {@code b}; nothing closes. */
    public abstract void stall() throws Exception;

    /** Lets them flow again. */
    public abstract void resume() throws Exception;

    /** Whether closing one end is seen by the other (not so on a serial line). */
    public abstract boolean closePropagates();

    /** Runs {@code task} on {@code link}'s loop and returns its result. */
    public static <T> T on(Link link, Callable<T> task) throws Exception {
        return on(link.loop(), task);
    }

    public static <T> T on(Loop loop, Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    public static void run(Link link, Runnable task) throws Exception {
        on(link, () -> {
            task.run();
            return null;
        });
    }
}
