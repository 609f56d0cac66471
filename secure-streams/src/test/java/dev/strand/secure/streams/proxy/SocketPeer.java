package dev.strand.secure.streams.proxy;

import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A test's own end of a real socket, speaking raw bytes: as a client (give it to a connect) or as
 * a fake proxy (an acceptor; the latest accepted link is the current one, and accepted links are
 * counted). Thread-safe: the link's loop writes, the test thread reads and waits.
 */
final class SocketPeer implements LinkHandler, LinkAcceptor {

    /** Bytes read at once, and when ({@link System#nanoTime()}). */
    record Arrival(byte[] bytes, long nanos) {
    }

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final java.util.List<Arrival> arrivals = new java.util.ArrayList<>();
    final AtomicInteger links = new AtomicInteger();
    private volatile Link link;
    private volatile boolean closed;
    private volatile boolean failed;

    @Override
    public LinkHandler accept(Link l) {
        return this;
    }

    @Override
    public synchronized void onOpen(Link l) {
        link = l;
        received.reset();
        arrivals.clear();
        closed = false;
        links.incrementAndGet();
    }

    @Override
    public synchronized void onRead(Link l, ByteBuffer data) {
        if (l != link) {
            data.position(data.limit());
            return;
        }
        byte[] b = new byte[data.remaining()];
        data.get(b);
        received.writeBytes(b);
        arrivals.add(new Arrival(b, System.nanoTime()));
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (l == link) {
            closed = true;
        }
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        failed = true;
    }

    /** Writes {@code bytes} on the current link, from its loop. */
    void send(byte[] bytes) {
        Link l = link;
        l.loop().execute(() -> l.write(ByteBuffer.wrap(bytes)));
    }

    /** Pauses or resumes reading on the current link. */
    void reading(boolean on) {
        Link l = link;
        l.loop().execute(() -> l.setReading(on));
    }

    synchronized byte[] bytes() {
        return received.toByteArray();
    }

    /** What the current link read so far, read by read. */
    synchronized java.util.List<Arrival> arrivals() {
        return java.util.List.copyOf(arrivals);
    }

    synchronized int size() {
        return received.size();
    }

    boolean closed() {
        return closed;
    }

    boolean open() {
        return link != null && !closed && !failed;
    }

    /** Waits up to {@code limit} for {@code condition}; returns whether it came true. */
    static boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
