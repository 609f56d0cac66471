package dev.strand.core.net.loopback;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of a loopback pair. State that only this end touches is confined to its loop; the
 * inbound queue and its byte count are shared with the peer, which writes into them from its own
 * loop, so they are concurrent.
 */
final class MemLink implements Link {

    private static final Object EOF = new Object();

    private final Loop loop;
    private final String peerName;
    private final long highWater;
    private final long lowWater;
    private final Queue<Object> inbound = new ConcurrentLinkedQueue<>();
    private final AtomicLong inboundBytes = new AtomicLong();

    private MemLink peer;
    private LinkHandler handler;
    private boolean open;
    private boolean closed;
    private boolean reading = true;
    private boolean writeRequested;
    private boolean writableEventQueued;
    private boolean drainQueued;

    MemLink(Loop loop, String peerName, long highWater) {
        this.loop = loop;
        this.peerName = peerName;
        this.highWater = highWater;
        this.lowWater = highWater / 2;
    }

    void pair(MemLink other) {
        this.peer = other;
    }

    void open(LinkHandler h) {
        this.handler = h;
        if (closed) {
            return;
        }
        open = true;
        h.onOpen(this);
        drain();
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public String peer() {
        return peerName;
    }

    @Override
    public boolean write(ByteBuffer data) {
        loop.assertInLoop();
        if (!open) {
            data.position(data.limit());
            return false;
        }
        int n = data.remaining();
        if (n > 0) {
            ByteBuffer copy = ByteBuffer.allocate(n);
            copy.put(data).flip();
            peer.enqueue(copy);
        }
        return isWritable();
    }

    @Override
    public boolean isWritable() {
        return open && peer.inboundBytes.get() < highWater;
    }

    @Override
    public void requestWrite() {
        loop.assertInLoop();
        if (!open) {
            return;
        }
        writeRequested = true;
        if (isWritable()) {
            queueWritableEvent();
        }
    }

    @Override
    public void setReading(boolean on) {
        loop.assertInLoop();
        reading = on;
        if (on) {
            queueDrain();
        }
    }

    @Override
    public void close() {
        loop.assertInLoop();
        if (!open) {
            return;
        }
        open = false;
        peer.enqueueEof();
        finish(null);
    }

    @Override
    public void abort(Throwable cause) {
        loop.assertInLoop();
        if (!open && closed) {
            return;
        }
        boolean wasOpen = open;
        open = false;
        MemLink p = peer;
        p.loop.execute(() -> p.abortedByPeer());
        if (wasOpen || handler != null) {
            finish(cause);
        } else {
            closed = true;
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Called from the peer's loop. */
    private void enqueue(ByteBuffer data) {
        inboundBytes.addAndGet(data.remaining());
        inbound.add(data);
        loop.execute(this::drainIfNeeded);
    }

    private void enqueueEof() {
        inbound.add(EOF);
        loop.execute(this::drainIfNeeded);
    }

    private void abortedByPeer() {
        inbound.clear();
        inboundBytes.set(0);
        if (open) {
            open = false;
            finish(new IOException("connection reset by peer " + peerName));
        } else if (handler == null) {
            closed = true;
        }
    }

    private void drainIfNeeded() {
        if (handler != null && !closed) {
            drain();
        }
    }

    private void queueDrain() {
        if (!drainQueued) {
            drainQueued = true;
            loop.execute(() -> {
                drainQueued = false;
                drainIfNeeded();
            });
        }
    }

    private void drain() {
        while (reading && !closed) {
            Object item = inbound.poll();
            if (item == null) {
                return;
            }
            if (item == EOF) {
                if (open) {
                    open = false;
                    finish(null);
                }
                return;
            }
            ByteBuffer data = (ByteBuffer) item;
            long before = inboundBytes.getAndAdd(-data.remaining());
            long after = before - data.remaining();
            handler.onRead(this, data);
            if (before >= lowWater && after < lowWater) {
                MemLink p = peer;
                p.loop.execute(p::onPeerDrained);
            }
        }
    }

    private void onPeerDrained() {
        if (writeRequested && isWritable()) {
            queueWritableEvent();
        }
    }

    private void queueWritableEvent() {
        if (writableEventQueued) {
            return;
        }
        writableEventQueued = true;
        loop.execute(() -> {
            writableEventQueued = false;
            if (writeRequested && open && isWritable()) {
                writeRequested = false;
                handler.onWritable(this);
            }
        });
    }

    private void finish(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        LinkHandler h = handler;
        if (h != null) {
            h.onClosed(this, cause);
        }
    }

    @Override
    public String toString() {
        return "mem-link(" + peerName + ")";
    }
}
