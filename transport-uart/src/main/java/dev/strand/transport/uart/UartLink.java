package dev.strand.transport.uart;

import com.fazecast.jSerialComm.SerialPort;
import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.LinkLostException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open serial port as a {@link Link}. jSerialComm reads and writes block, so each link has a
 * reader thread that hands what it reads to the loop, and a writer thread that drains a queue of
 * whole buffers; the loop never blocks. Backpressure is real both ways: a writer is not writable
 * once the queue holds {@link UartSettings#highWater()} bytes and hears {@code onWritable} when it
 * has drained to half; a reader that pauses stops the reader thread once 64 KiB wait, so the
 * kernel's buffer fills and the sender (or RTS/CTS) holds back. A read or write error (the device
 * went away: a USB adapter unplugged, the pty's other side gone) closes the link with a
 * {@link LinkLostException} saying so, and counting the bytes written to the link that were still
 * queued here (those in the kernel's buffers or on the wire are lost without a count).
 *
 * <p>State touched by the handler's side is confined to the loop; the queue, byte counters and
 * flags shared with the two threads are atomic or volatile.
 */
final class UartLink implements Link {

    private static final Logger LOG = LoggerFactory.getLogger(UartLink.class);
    private static final byte[] CLOSE_MARK = new byte[0];
    private static final int READ_BUFFER = 4096;
    private static final long READ_LIMIT = 64 * 1024;
    /**
     * jSerialComm's close drains and then flushes the device ({@code tcdrain}, {@code tcflush});
     * on a pty the flush drops what the other side has not read yet, so an orderly close waits this
     * long after the last write.
     */
    private static final long CLOSE_LINGER_MS = 50;

    private final Loop loop;
    private final SerialPort port;
    private final String peer;
    private final long highWater;
    private final long lowWater;
    private final Runnable whenFinished;

    private LinkHandler handler;
    private boolean open;
    private boolean finished;
    private boolean reading = true;
    private boolean writeRequested;
    private boolean drainQueued;
    private final ArrayDeque<byte[]> pendingReads = new ArrayDeque<>();

    private final LinkedBlockingQueue<byte[]> outQueue = new LinkedBlockingQueue<>();
    /** Bytes written to the link and not yet handed to the device. */
    private final AtomicLong queued = new AtomicLong();
    /** Bytes handed to the device by the write call under way (some may have left already). */
    private volatile int inWrite;
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicBoolean writableEventQueued = new AtomicBoolean();
    private volatile boolean writeWanted;
    private volatile boolean closing;
    private Thread reader;
    private Thread writer;

    UartLink(Loop loop, SerialPort port, UartSettings settings, Runnable whenFinished) {
        this.loop = loop;
        this.port = port;
        this.peer = "uart:" + settings.device();
        this.highWater = settings.highWater();
        this.lowWater = highWater / 2;
        this.whenFinished = whenFinished;
    }

    /** Hands the link to its handler and starts its threads; on the loop. */
    void start(LinkHandler h) {
        loop.assertInLoop();
        handler = h;
        open = true;
        reader = thread("read", this::readLoop);
        writer = thread("write", this::writeLoop);
        try {
            h.onOpen(this);
        } catch (RuntimeException e) {
            LOG.warn("{}: handler's onOpen threw; link closed", peer, e);
            abort(e);
            return;
        }
        if (!finished) {
            reader.start();
            writer.start();
        }
    }

    /** Releases the device of a link that was never started (no handler ever saw it); on the loop. */
    void discard() {
        closing = true;
        open = false;
        port.closePort();
    }

    private Thread thread(String what, Runnable body) {
        Thread t = new Thread(body, "strand-uart-" + what + " " + peer);
        t.setDaemon(true);
        return t;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public boolean write(ByteBuffer data) {
        loop.assertInLoop();
        int n = data.remaining();
        if (!open) {
            data.position(data.limit());
            return false;
        }
        if (n > 0) {
            byte[] copy = new byte[n];
            data.get(copy);
            queued.addAndGet(n);
            outQueue.add(copy);
        }
        return isWritable();
    }

    @Override
    public boolean isWritable() {
        return open && queued.get() < highWater;
    }

    @Override
    public void requestWrite() {
        loop.assertInLoop();
        if (!open) {
            return;
        }
        writeRequested = true;
        writeWanted = true;
        if (isWritable()) {
            queueWritableEvent();
        }
    }

    @Override
    public void setReading(boolean on) {
        loop.assertInLoop();
        reading = on;
        if (on && !pendingReads.isEmpty() && !drainQueued) {
            drainQueued = true;
            loop.execute(() -> {
                drainQueued = false;
                drainPendingReads();
            });
        }
    }

    @Override
    public void close() {
        loop.assertInLoop();
        if (!open) {
            return;
        }
        open = false;
        pendingReads.clear();
        outQueue.add(CLOSE_MARK);
        if (!writer.isAlive() && !finished) {
            stop();
            finish(null);
        }
    }

    @Override
    public void abort(Throwable cause) {
        loop.assertInLoop();
        if (finished) {
            return;
        }
        open = false;
        stop();
        finish(cause);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    // ---- reader thread ----

    private void readLoop() {
        byte[] buf = new byte[READ_BUFFER];
        while (!closing) {
            while (undelivered.get() >= READ_LIMIT && !closing) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
            }
            int n = port.readBytes(buf, buf.length);
            if (n > 0) {
                byte[] chunk = Arrays.copyOf(buf, n);
                undelivered.addAndGet(n);
                loop.execute(() -> arrived(chunk));
            } else if (n < 0) {
                if (!closing) {
                    int errno = port.getLastErrorCode();
                    loop.execute(() -> lost("serial device " + peer + " went away: read failed, errno " + errno));
                }
                return;
            }
        }
    }

    private void arrived(byte[] chunk) {
        if (!open) {
            undelivered.addAndGet(-chunk.length);
            return;
        }
        if (reading && pendingReads.isEmpty()) {
            deliver(chunk);
        } else {
            pendingReads.add(chunk);
        }
    }

    private void drainPendingReads() {
        while (open && reading && !pendingReads.isEmpty()) {
            deliver(pendingReads.poll());
        }
    }

    private void deliver(byte[] chunk) {
        long before = undelivered.getAndAdd(-chunk.length);
        if (before >= READ_LIMIT && before - chunk.length < READ_LIMIT) {
            LockSupport.unpark(reader);
        }
        try {
            handler.onRead(this, ByteBuffer.wrap(chunk));
        } catch (RuntimeException e) {
            LOG.warn("{}: handler's onRead threw; link closed", peer, e);
            abort(e);
        }
    }

    // ---- writer thread ----

    private void writeLoop() {
        try {
            while (true) {
                byte[] b = outQueue.take();
                if (b == CLOSE_MARK) {
                    linger();
                    stop();
                    loop.execute(() -> finish(null));
                    return;
                }
                for (int off = 0; off < b.length; ) {
                    inWrite = b.length - off;
                    int n = port.writeBytes(b, b.length - off, off);
                    if (n <= 0) {
                        if (!closing) {
                            int errno = port.getLastErrorCode();
                            loop.execute(() -> lost("serial device " + peer + " went away: write failed, errno " + errno));
                        }
                        return;
                    }
                    queued.addAndGet(-n);
                    inWrite = 0;
                    off += n;
                }
                if (queued.get() < lowWater && writeWanted) {
                    queueWritableEvent();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void linger() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (port.bytesAwaitingWrite() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(CLOSE_LINGER_MS);
    }

    private void queueWritableEvent() {
        if (writableEventQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                writableEventQueued.set(false);
                if (writeRequested && open && isWritable()) {
                    writeRequested = false;
                    writeWanted = false;
                    try {
                        handler.onWritable(this);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: handler's onWritable threw; link closed", peer, e);
                        abort(e);
                    }
                }
            });
        }
    }

    // ---- ending ----

    private void lost(String why) {
        if (finished) {
            return;
        }
        LinkLostException cause = new LinkLostException(why, unsent());
        LOG.info("{}: link down: {} ({} bytes written to the link never left)", peer, why, cause.unsentBytes());
        open = false;
        stop();
        finish(cause);
    }

    /**
     * Bytes written to the link that certainly never reached the device: those queued, less any a
     * write call under way may have passed on. The write call is read first, so that a write
     * finishing meanwhile makes the count smaller, never larger.
     */
    private long unsent() {
        int underWay = inWrite;
        return Math.max(0, queued.get() - underWay);
    }

    /** Stops both threads: the port is closed (a blocked read or write returns at once). Any thread. */
    private void stop() {
        closing = true;
        outQueue.clear();
        queued.set(0);
        port.closePort();
        if (writer != null && Thread.currentThread() != writer) {
            writer.interrupt();
        }
    }

    private void finish(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        open = false;
        pendingReads.clear();
        try {
            handler.onClosed(this, cause);
        } catch (RuntimeException e) {
            LOG.warn("{}: handler's onClosed threw", peer, e);
        } finally {
            whenFinished.run();
        }
    }

    @Override
    public String toString() {
        return "uart-link(" + peer + (open ? ", open)" : ", closed)");
    }
}
