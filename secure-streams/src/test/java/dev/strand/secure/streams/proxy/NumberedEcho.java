package dev.strand.secure.streams.proxy;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An application that sends numbered records through an echo stream and checks what comes back.
 * Each record is {@value #SIZE} bytes (stream id, number, and a pattern derived from both) sent
 * as one chunk (SOM|EOM); the echo is a byte stream, cut back into records and checked byte for
 * byte. It keeps at most {@link #window} records in flight, notes every state and every
 * {@code onTxUndelivered} in order, sends reported records again once connected anew (if told
 * to), and starts each link's echo stream afresh after DISCONNECTED (a record cut short by a lost
 * link is dropped). Callbacks run on the stream's loop; the test thread reads through the
 * synchronized accessors.
 */
final class NumberedEcho implements StreamHandler {

    static final int SIZE = 1000;

    private final int id;
    private final int window;
    private final boolean resendUndelivered;
    private final ArrayDeque<Integer> toSend = new ArrayDeque<>();
    private final Map<Integer, Integer> numberOfOrdinal = new HashMap<>();
    private final Set<Integer> inFlight = new LinkedHashSet<>();
    private final ByteBuffer partial = ByteBuffer.allocate(SIZE);
    private final List<String> events = new ArrayList<>();
    private final List<StreamState> states = new ArrayList<>();
    private final Map<Integer, Integer> receivedInLink = new HashMap<>();
    private final List<Integer> undelivered = new ArrayList<>();
    private final List<Integer> sentAfterLoss = new ArrayList<>();
    private SecureStream stream;
    private int link;
    private int next;
    private boolean generating;
    private String problem;

    NumberedEcho(int id, int window, boolean resendUndelivered) {
        this.id = id;
        this.window = window;
        this.resendUndelivered = resendUndelivered;
    }

    // ---- what the test asks for (any thread)

    /** Queues {@code n} new records. */
    synchronized void send(int n) {
        for (int i = 0; i < n; i++) {
            toSend.add(next++);
        }
        kick();
    }

    /** Keeps sending new records, as fast as the window allows, until told otherwise. */
    synchronized void generate(boolean on) {
        generating = on;
        kick();
    }

    synchronized List<StreamState> states() {
        return List.copyOf(states);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<Integer> undelivered() {
        return List.copyOf(undelivered);
    }

    /** Records received intact, each with the number of the link (0, 1, ...) it came back on. */
    synchronized Map<Integer, Integer> received() {
        return Map.copyOf(receivedInLink);
    }

    /** Records sent on links after the first (new ones and ones sent again). */
    synchronized List<Integer> sentAfterLoss() {
        return List.copyOf(sentAfterLoss);
    }

    synchronized String problem() {
        return problem;
    }

    synchronized boolean has(Predicate<NumberedEcho> condition) {
        return condition.test(this);
    }

    synchronized long count(StreamState s) {
        return states.stream().filter(s::equals).count();
    }

    synchronized boolean idle() {
        return toSend.isEmpty() && inFlight.isEmpty() && !generating;
    }

    // ---- the stream's callbacks

    @Override
    public synchronized StreamResult onState(SecureStream s, StreamState state, long ack) {
        stream = s;
        states.add(state);
        events.add(state.name());
        if (state == StreamState.CREATING) {
            s.connect();
        } else if (state == StreamState.CONNECTED) {
            kick();
        } else if (state == StreamState.DISCONNECTED) {
            link++;
            partial.clear();
            inFlight.clear();
        }
        return StreamResult.OK;
    }

    @Override
    public synchronized StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
        if (toSend.isEmpty() && generating) {
            toSend.add(next++);
        }
        Integer n = toSend.poll();
        if (n == null || inFlight.size() >= window) {
            if (n != null) {
                toSend.addFirst(n);
            }
            return StreamResult.TX_DONT_SEND;
        }
        ByteBuffer b = chunk.buffer();
        for (int i = 0; i < SIZE; i++) {
            b.put(at(n, i));
        }
        chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
        numberOfOrdinal.put(ordinal, n);
        inFlight.add(n);
        if (link > 0) {
            sentAfterLoss.add(n);
        }
        if (!toSend.isEmpty() || generating) {
            s.requestTx();
        }
        return StreamResult.OK;
    }

    @Override
    public synchronized void onTxUndelivered(SecureStream s, int ordinal, int length) {
        Integer n = numberOfOrdinal.get(ordinal);
        events.add("undelivered " + n);
        if (n == null || length != SIZE) {
            problem("undelivered chunk " + ordinal + " of " + length + " bytes was never sent as a record");
            return;
        }
        undelivered.add(n);
        if (resendUndelivered) {
            toSend.add(n);
        }
    }

    @Override
    public synchronized StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
        while (data.hasRemaining()) {
            int take = Math.min(partial.remaining(), data.remaining());
            ByteBuffer slice = data.slice(data.position(), take);
            partial.put(slice);
            data.position(data.position() + take);
            if (!partial.hasRemaining()) {
                record(partial.flip());
                partial.clear();
            }
        }
        return StreamResult.OK;
    }

    private void record(ByteBuffer r) {
        int n = r.getInt(4);
        if (r.getInt(0) != id) {
            problem("a record of stream " + r.getInt(0) + " arrived on stream " + id);
            return;
        }
        for (int i = 0; i < SIZE; i++) {
            if (r.get(i) != at(n, i)) {
                problem("record " + n + " differs at byte " + i);
                return;
            }
        }
        if (receivedInLink.putIfAbsent(n, link) != null) {
            problem("record " + n + " came back twice");
        }
        inFlight.remove(n);
        kick();
    }

    private byte at(int n, int i) {
        if (i < 4) {
            return (byte) (id >>> (24 - 8 * i));
        }
        if (i < 8) {
            return (byte) (n >>> (24 - 8 * (i - 4)));
        }
        return (byte) (i * 31 + n * 17 + id * 7);
    }

    private void kick() {
        SecureStream s = stream;
        if (s != null && (!toSend.isEmpty() || generating)) {
            s.loop().execute(() -> {
                if (s.state() == StreamState.CONNECTED) {
                    s.requestTx();
                }
            });
        }
    }

    private void problem(String what) {
        if (problem == null) {
            problem = what;
        }
    }

    /** Waits until every app satisfies {@code condition}. */
    static void await(List<NumberedEcho> apps, Predicate<NumberedEcho> condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!apps.stream().allMatch(a -> a.has(condition))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every stream " + what + " within " + timeout + ": "
                        + apps.stream().filter(a -> !a.has(condition)).limit(3).map(NumberedEcho::toString).toList());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public synchronized String toString() {
        return "stream " + id + ": states " + states + ", sent up to " + next + ", in flight " + inFlight.size()
                + ", received " + receivedInLink.size() + ", undelivered " + undelivered
                + (problem == null ? "" : ", problem: " + problem);
    }
}
