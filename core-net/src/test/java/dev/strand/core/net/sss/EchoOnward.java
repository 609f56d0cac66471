package dev.strand.core.net.sss;

import dev.strand.api.Loop;
import dev.strand.api.ss.StreamState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * An onward stream that echoes every payload piece back with its flags, the way an origin would
 * answer, with flow control both ways: while the terminal has it stop reading, echoes wait in a
 * queue, and once that queue holds more than {@code maxQueued} bytes it takes no more payload
 * until it drained. Each metadata value set is answered with rx metadata {@code rx-NAME}; the
 * timeout fires {@code TIMEOUT} on the loop's clock.
 */
final class EchoOnward implements OnwardStream {

    private final OnwardListener listener;
    private final Loop loop;
    private final int maxQueued;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final ArrayDeque<Integer> queueFlags = new ArrayDeque<>();
    private int queued;
    private boolean reading = true;
    private boolean full;
    private boolean connected;
    private boolean closed;
    private Loop.Scheduled timer;

    EchoOnward(OnwardListener listener, Loop loop, int maxQueued) {
        this.listener = listener;
        this.loop = loop;
        this.maxQueued = maxQueued;
    }

    static OnwardStreamFactory factory(int maxQueued) {
        return (req, l) -> {
            l.onState(StreamState.CREATING, 0);
            return OnwardCreation.created(new EchoOnward(l, req.loop(), maxQueued));
        };
    }

    @Override
    public void connect() {
        if (!connected) {
            connected = true;
            listener.onState(StreamState.CONNECTING, 0);
            listener.onState(StreamState.CONNECTED, 0);
        }
    }

    @Override
    public boolean write(ByteBuffer piece, int flags) {
        byte[] copy = new byte[piece.remaining()];
        piece.get(copy);
        if (reading && queue.isEmpty()) {
            listener.onRx(ByteBuffer.wrap(copy), flags, null);
        } else {
            queue.add(copy);
            queueFlags.add(flags);
            queued += copy.length;
        }
        full = queued > maxQueued;
        return !full;
    }

    @Override
    public boolean setMetadata(String name, byte[] value) {
        listener.onRxMetadata("rx-" + name, value);
        return true;
    }

    @Override
    public void startTimeout(long millis) {
        cancelTimeout();
        timer = loop.schedule(() -> listener.onState(StreamState.TIMEOUT, 0), millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void cancelTimeout() {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void lengthHint(long length) {
        listener.onRxMetadata("hint", Long.toString(length).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void addPeerTxCredit(int delta) {
    }

    @Override
    public void setReading(boolean on) {
        reading = on;
        while (reading && !queue.isEmpty() && !closed) {
            byte[] b = queue.poll();
            queued -= b.length;
            listener.onRx(ByteBuffer.wrap(b), queueFlags.poll(), null);
        }
        if (full && queued <= maxQueued && !closed) {
            full = false;
            listener.onWritableAgain();
        }
    }

    @Override
    public void close() {
        closed = true;
        cancelTimeout();
    }
}
