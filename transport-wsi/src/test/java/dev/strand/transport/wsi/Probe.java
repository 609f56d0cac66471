package dev.strand.transport.wsi;

import static org.junit.jupiter.api.Assertions.fail;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A link handler that records what happens to its link, for tests: open, bytes read (in order),
 * writable events, exactly how many closes and with what cause. It can also echo with flow
 * control, and send a payload paced by {@code requestWrite}. Callbacks run on the link's loop; the
 * test thread waits on the futures and counters.
 */
class Probe implements LinkHandler {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** What {@code onClosed} said. */
    record Closed(Throwable cause) {
    }

    final CompletableFuture<Link> opened = new CompletableFuture<>();
    final CompletableFuture<Throwable> connectFailed = new CompletableFuture<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    final CompletableFuture<Void> sent = new CompletableFuture<>();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger writables = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final Set<Thread> callbackThreads = ConcurrentHashMap.newKeySet();

    private final boolean echo;
    private boolean startPaused;
    private volatile int progress;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private byte[] toSend;
    private int sendOffset;
    private int chunk;

    Probe() {
        this(false);
    }

    private Probe(boolean echo) {
        this.echo = echo;
    }

    static Probe recorder() {
        return new Probe(false);
    }

    /** Records, with reading paused from {@code onOpen} on. */
    static Probe paused() {
        Probe p = new Probe(false);
        p.startPaused = true;
        return p;
    }

    /** Writes back what it reads; pauses reading while its link is not writable. */
    static Probe echo() {
        return new Probe(true);
    }

    @Override
    public void onOpen(Link link) {
        link.loop().assertInLoop();
        callbackThreads.add(Thread.currentThread());
        if (startPaused) {
            link.setReading(false);
        }
        opened.complete(link);
    }

    @Override
    public void onRead(Link link, ByteBuffer data) {
        link.loop().assertInLoop();
        callbackThreads.add(Thread.currentThread());
        reads.incrementAndGet();
        ByteBuffer copy = data.duplicate();
        byte[] b = new byte[copy.remaining()];
        copy.get(b);
        synchronized (this) {
            received.writeBytes(b);
            notifyAll();
        }
        if (echo && !link.write(data)) {
            link.setReading(false);
            link.requestWrite();
        }
    }

    @Override
    public void onWritable(Link link) {
        link.loop().assertInLoop();
        callbackThreads.add(Thread.currentThread());
        writables.incrementAndGet();
        if (echo) {
            link.setReading(true);
        }
        if (toSend != null) {
            pump(link);
        }
    }

    @Override
    public void onClosed(Link link, Throwable cause) {
        callbackThreads.add(Thread.currentThread());
        if (closes.incrementAndGet() > 1) {
            fail("onClosed called twice on " + link.peer());
        }
        closed.complete(new Closed(cause));
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        callbackThreads.add(Thread.currentThread());
        connectFailed.complete(cause);
    }

    /** Starts sending {@code payload} in writes of {@code chunkSize}, paced by backpressure. */
    void send(Link link, byte[] payload, int chunkSize) throws Exception {
        onLoop(link.loop(), () -> {
            toSend = payload;
            sendOffset = 0;
            chunk = chunkSize;
            pump(link);
            return null;
        });
    }

    private void pump(Link link) {
        while (sendOffset < toSend.length) {
            int n = Math.min(chunk, toSend.length - sendOffset);
            boolean more = link.write(ByteBuffer.wrap(toSend, sendOffset, n));
            sendOffset += n;
            progress = sendOffset;
            if (!more && sendOffset < toSend.length) {
                link.requestWrite();
                return;
            }
        }
        toSend = null;
        sent.complete(null);
    }

    /** How many bytes of the current {@link #send} have been handed to the link. */
    int sendProgress() {
        return progress;
    }

    Link awaitOpen() throws Exception {
        return get(opened);
    }

    Closed awaitClosed() throws Exception {
        return get(closed);
    }

    Throwable awaitConnectFailed() throws Exception {
        return get(connectFailed);
    }

    synchronized byte[] receivedBytes() {
        return received.toByteArray();
    }

    synchronized int receivedCount() {
        return received.size();
    }

    /** Waits until at least {@code n} bytes arrived (or the link closed) and returns all of them. */
    synchronized byte[] awaitBytes(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (received.size() < n && !closed.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("only " + received.size() + " of " + n + " bytes arrived within " + WAIT);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return received.toByteArray();
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("nothing happened within " + WAIT, e);
        }
    }

    /** Runs {@code task} on {@code loop} and waits for its result. */
    static <T> T onLoop(Loop loop, Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return get(f);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Runs {@code task} on {@code loop} and waits for it. */
    static void run(Loop loop, Runnable task) throws Exception {
        onLoop(loop, () -> {
            task.run();
            return null;
        });
    }

    /** Waits until every task queued on {@code loop} before now has run. */
    static void barrier(Loop loop) throws Exception {
        run(loop, () -> { });
    }
}
