package dev.strand.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.core.net.sss.StateTransitions;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A scripted application for one case: what to do and answer on each state, payload pieces to
 * send, what to answer rx with; it records every state, rx piece and flag it is given. Its
 * callbacks run on the stream's loop; the test thread waits on what it recorded.
 *
 * <p>{@link #checkNeverSaw()} is lws's testsfail "must never see": a transition lws's table does
 * not allow, a state in 18..999 (local-only or unused, never delivered by a healthy placement),
 * more than one QOS_ACK/NACK_REMOTE per transaction (between two CONNECTINGs), anything after
 * DESTROYING.
 */
final class Script implements StreamHandler {

    static final Duration WAIT = Duration.ofSeconds(20);

    final List<StreamState> states = new CopyOnWriteArrayList<>();
    final List<Integer> rxFlags = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<byte[]> rxPieces = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream rx = new ByteArrayOutputStream();
    private final Map<StreamState, Function<SecureStream, StreamResult>> onState = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<byte[]> txData = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Integer> txFlags = new ConcurrentLinkedQueue<>();
    volatile SecureStream stream;
    private volatile StreamResult firstRxAnswer = StreamResult.OK;
    private final List<String> watched = new CopyOnWriteArrayList<>();
    /** The watched metadata as the first rx found it: {@code name=value}, or {@code name} if unset. */
    final List<String> metadataAtFirstRx = new CopyOnWriteArrayList<>();

    /** Records {@code names}' metadata when the first rx arrives ({@link #metadataAtFirstRx}). */
    Script watch(String... names) {
        watched.addAll(List.of(names));
        return this;
    }

    /** On {@code state}, run {@code action} and answer what it returns. */
    Script when(StreamState state, Function<SecureStream, StreamResult> action) {
        onState.put(state, action);
        return this;
    }

    /** On {@code state}, run {@code action} and answer OK. */
    Script whenDo(StreamState state, Consumer<SecureStream> action) {
        return when(state, s -> {
            action.accept(s);
            return StreamResult.OK;
        });
    }

    /** Answers the first rx with {@code answer} (later ones with OK). */
    Script answerFirstRx(StreamResult answer) {
        firstRxAnswer = answer;
        return this;
    }

    /** Queues a piece for the next {@code onTx}. */
    Script queue(byte[] data, int flags) {
        txData.add(data);
        txFlags.add(flags);
        return this;
    }

    /** Queues {@code message} as pieces of at most {@code piece} bytes, SOM on the first and EOM on the last. */
    Script queueMessage(byte[] message, int piece) {
        for (int at = 0; at < message.length; at += piece) {
            int end = Math.min(message.length, at + piece);
            queue(Arrays.copyOfRange(message, at, end), (at == 0 ? PayloadFlags.SOM : 0)
                    | (end == message.length ? PayloadFlags.EOM : 0));
        }
        return this;
    }

    /** Asks for tx (from the stream's loop). */
    void requestTx() {
        onLoop(SecureStream::requestTx);
    }

    /** Runs {@code action} on the stream's loop and waits for it. */
    void onLoop(Consumer<SecureStream> action) {
        SecureStream s = stream;
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        s.loop().execute(() -> {
            try {
                action.accept(s);
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- StreamHandler

    @Override
    public StreamResult onState(SecureStream s, StreamState state, long ack) {
        stream = s;
        states.add(state);
        Function<SecureStream, StreamResult> f = onState.get(state);
        return f == null ? StreamResult.OK : f.apply(s);
    }

    @Override
    public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
        byte[] data = txData.poll();
        if (data == null) {
            return StreamResult.TX_DONT_SEND;
        }
        if (data.length > chunk.buffer().remaining()) {
            fail("a " + data.length + "-byte piece does not fit the " + chunk.buffer().remaining() + " bytes offered");
        }
        chunk.buffer().put(data);
        chunk.flags(txFlags.poll());
        if (!txData.isEmpty()) {
            s.requestTx();
        }
        return StreamResult.OK;
    }

    @Override
    public StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
        boolean first = rxFlags.isEmpty();
        if (first) {
            for (String name : watched) {
                metadataAtFirstRx.add(s.metadata(name).map(v -> name + "=" + new String(v, StandardCharsets.ISO_8859_1))
                        .orElse(name));
            }
        }
        byte[] b = new byte[data.remaining()];
        data.get(b);
        synchronized (rx) {
            rx.writeBytes(b);
        }
        rxPieces.add(b);
        rxFlags.add(flags);
        return first ? firstRxAnswer : StreamResult.OK;
    }

    // ---- what happened

    byte[] rx() {
        synchronized (rx) {
            return rx.toByteArray();
        }
    }

    int rxSize() {
        synchronized (rx) {
            return rx.size();
        }
    }

    /**
     * The messages rx carried, cut by SOM and EOM; fails if the flags do not frame them (SOM
     * inside a message, a piece outside one, a message left open).
     */
    List<byte[]> messages() {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream current = null;
        for (int i = 0; i < rxPieces.size(); i++) {
            int f = rxFlags.get(i);
            boolean som = (f & PayloadFlags.SOM) != 0;
            if (som != (current == null)) {
                fail("rx piece " + i + " has flags " + PayloadFlags.toString(f) + (som ? " inside a message"
                        : " outside any message") + "; flags " + rxFlags);
            }
            if (som) {
                current = new ByteArrayOutputStream();
            }
            current.writeBytes(rxPieces.get(i));
            if ((f & PayloadFlags.EOM) != 0) {
                out.add(current.toByteArray());
                current = null;
            }
        }
        assertTrue(current == null, "the last message has no EOM; flags " + rxFlags);
        return out;
    }

    /** Waits until {@code condition} holds; fails after {@link #WAIT}. */
    static void await(BooleanSupplier condition, Object what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until as many states as {@code expected} came, and checks they are exactly those. */
    void awaitStates(StreamState... expected) {
        await(() -> states.size() >= expected.length, "states " + Arrays.toString(expected) + "; so far " + states);
        assertEquals(List.of(expected), List.copyOf(states.subList(0, expected.length)), "states so far: " + states);
    }

    /** Waits {@code quiet} and checks no state came after the {@code count} seen so far. */
    void assertNoMoreStatesWithin(int count, Duration quiet) {
        try {
            Thread.sleep(quiet.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(count, states.size(), "no state expected after the first " + count + ": " + states);
    }

    /** lws testsfail's "must never see": see the class comment. */
    void checkNeverSaw() {
        StreamState previous = StreamState.UNSET;
        boolean destroyed = false;
        int qos = 0;
        for (StreamState s : states) {
            assertTrue(!destroyed, "a state after DESTROYING: " + states);
            if (s == StreamState.CONNECTING) {
                qos = 0;
            } else if (s == StreamState.QOS_ACK_REMOTE || s == StreamState.QOS_NACK_REMOTE) {
                assertTrue(++qos == 1, "more than one QOS_* for one transaction (7e5e46a16): " + states);
            }
            int v = s.value();
            assertTrue(v < StreamState.UPSTREAM_LINK_RETRY.value() || v >= StreamState.USER_BASE,
                    "state " + s + " (18..999) delivered: " + states);
            assertTrue(StateTransitions.isAllowed(previous, s), previous + " -> " + s + " is not in lws's table: " + states);
            if (StateTransitions.isTracked(s)) {
                previous = s;
            }
            destroyed = s == StreamState.DESTROYING;
        }
    }
}
