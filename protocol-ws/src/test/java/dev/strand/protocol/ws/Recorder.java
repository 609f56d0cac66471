package dev.strand.protocol.ws;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener for tests: queues copies of everything that arrives, completes {@link #closed} once. */
class Recorder implements WebSocketListener {

    static final long WAIT_SECONDS = 20;

    /** One received message or fragment. */
    record Message(boolean text, byte[] data, boolean first, boolean last) {
        String string() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** How the connection ended. */
    record Closed(int code, String reason, Throwable cause) {
    }

    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    final CompletableFuture<WebSocket> opened = new CompletableFuture<>();

    @Override
    public void onOpen(WebSocket ws) {
        opened.complete(ws);
    }

    @Override
    public void onText(WebSocket ws, String text) {
        messages.add(new Message(true, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), true, true));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        messages.add(new Message(false, copy(data), true, true));
    }

    @Override
    public void onFragment(WebSocket ws, ByteBuffer data, boolean text, boolean first, boolean last) {
        messages.add(new Message(text, copy(data), first, last));
    }

    @Override
    public void onPing(WebSocket ws, ByteBuffer payload) {
        pings.add(copy(payload));
    }

    @Override
    public void onPong(WebSocket ws, ByteBuffer payload) {
        pongs.add(copy(payload));
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason, Throwable cause) {
        if (!closed.complete(new Closed(code, reason, cause))) {
            throw new AssertionError("onClosed called twice");
        }
    }

    Message next() throws InterruptedException {
        Message m = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + WAIT_SECONDS + " s; closed: " + closed.getNow(null));
        }
        return m;
    }

    String nextText() throws InterruptedException {
        Message m = next();
        if (!m.text()) {
            throw new AssertionError("expected a text message, got " + m.data().length + " binary bytes");
        }
        return m.string();
    }

    Closed awaitClosed() throws Exception {
        return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static byte[] copy(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
