package dev.strand.core.net.sss;

import dev.strand.api.Loop;
import dev.strand.api.ss.StreamState;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * An in-process onward stream for tests: records what the terminal asks of it ({@link #calls},
 * the payload pieces in {@link #tx} and {@link #pieces}) and answers as scripted, standing in for
 * the origin of a capture. Its timeout fires {@code TIMEOUT} on the loop's clock.
 */
final class ScriptedOnward implements OnwardStream {

    final OnwardListener listener;
    final Loop loop;
    final List<String> calls = new ArrayList<>();
    final ByteArrayOutputStream tx = new ByteArrayOutputStream();
    final List<String> pieces = new ArrayList<>();
    Set<String> policyMetadata;
    Runnable onConnect = () -> { };
    LongConsumer onHint = n -> { };
    BiConsumer<byte[], Integer> onTx = (b, f) -> { };
    Runnable onResume = () -> { };
    boolean acceptsMore = true;
    boolean reading = true;
    boolean closed;
    long policyTimeoutMillis = 5000;
    private Loop.Scheduled timer;

    ScriptedOnward(OnwardListener listener, Loop loop) {
        this.listener = listener;
        this.loop = loop;
    }

    @Override
    public void connect() {
        calls.add("connect");
        onConnect.run();
    }

    @Override
    public boolean write(ByteBuffer piece, int flags) {
        byte[] b = new byte[piece.remaining()];
        piece.get(b);
        tx.writeBytes(b);
        pieces.add(b.length + "/" + flags);
        onTx.accept(b, flags);
        return acceptsMore;
    }

    @Override
    public boolean setMetadata(String name, byte[] value) {
        calls.add("metadata " + name + "=" + new String(value, StandardCharsets.ISO_8859_1));
        return policyMetadata == null || policyMetadata.contains(name);
    }

    @Override
    public void startTimeout(long millis) {
        calls.add("timeout " + millis);
        cancelTimer();
        timer = loop.schedule(() -> listener.onState(StreamState.TIMEOUT, 0),
                millis == 0 ? policyTimeoutMillis : millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void cancelTimeout() {
        calls.add("cancel timeout");
        cancelTimer();
    }

    @Override
    public void lengthHint(long length) {
        calls.add("hint " + length);
        onHint.accept(length);
    }

    @Override
    public void addPeerTxCredit(int delta) {
        calls.add("credit " + delta);
    }

    @Override
    public void setReading(boolean on) {
        calls.add("reading " + on);
        reading = on;
        if (on) {
            loop.execute(onResume);
        }
    }

    @Override
    public void close() {
        calls.add("close");
        closed = true;
        cancelTimer();
    }

    void state(StreamState s) {
        listener.onState(s, 0);
    }

    void rx(byte[] data, int flags) {
        listener.onRx(ByteBuffer.wrap(data), flags, null);
    }

    void meta(String name, String value) {
        listener.onRxMetadata(name, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    void after(long millis, Runnable r) {
        loop.schedule(r, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
