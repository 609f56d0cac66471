package dev.strand.core.net.testing;

import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A link handler that records what it is told, for tests on real (threaded) loops: callbacks run
 * on the link's loop, the test thread waits for them. Thread-safe.
 */
public class LinkRecorder implements LinkHandler {

    public final CompletableFuture<Link> opened = new CompletableFuture<>();
    public final CompletableFuture<Throwable> connectFailed = new CompletableFuture<>();
    /** Completes with the close cause, or with {@link #ORDERLY} for an orderly close. */
    public final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    public static final Throwable ORDERLY = new Throwable("orderly close");

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile int writableEvents;
    private volatile Runnable onWritable;

    @Override
    public void onOpen(Link link) {
        opened.complete(link);
    }

    @Override
    public void onRead(Link link, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        synchronized (received) {
            received.writeBytes(b);
        }
    }

    @Override
    public void onWritable(Link link) {
        writableEvents++;
        Runnable r = onWritable;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void onClosed(Link link, Throwable cause) {
        closed.complete(cause == null ? ORDERLY : cause);
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        connectFailed.complete(cause);
    }

    /** Runs {@code r} on each later writable event (on the link's loop). */
    public void whenWritable(Runnable r) {
        onWritable = r;
    }

    public int writableEvents() {
        return writableEvents;
    }

    public int receivedCount() {
        synchronized (received) {
            return received.size();
        }
    }

    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    public Link awaitOpen(Duration timeout) throws Exception {
        return opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Throwable awaitClosed(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until {@code n} bytes have arrived. */
    public byte[] awaitReceived(int n, Duration timeout) throws InterruptedException {
        Await.until(() -> receivedCount() >= n, timeout, () -> "received " + receivedCount() + " of " + n + " bytes");
        return received();
    }

    /** Polling wait for test threads. */
    public static final class Await {
        private Await() {
        }

        public static void until(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout.toMillis() + " ms: " + what.get());
                }
                Thread.sleep(5);
            }
        }
    }
}
