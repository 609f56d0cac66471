package dev.strand.examples.echo.counter;

import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.SecureStreams;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A small Secure Streams application, written once against the SS API and unaware of where its
 * streams are served: it opens one stream, sends {@code messages} numbered messages of
 * {@code size} bytes to an echoing origin, one at a time, each from SOM to EOM in as many
 * {@code onTx} chunks as the stream offers, checks every byte that comes back and counts whole
 * messages, then destroys the stream. Where the protocol keeps message boundaries (ws), it also
 * checks that SOM and EOM mark each echoed message's first and last piece; where it does not
 * (raw), it counts bytes. The stream timer bounds the run.
 *
 * <p>The {@link Report} says what it saw; the same report from every placement is the point.
 *
 * <p>{@link #run} may be called from any thread; the application runs on the loop given.
 */
public final class EchoCounter implements StreamHandler {

    /**
     * What one run saw.
     *
     * @param streamType     the streamtype used
     * @param states         every state delivered, by name, in order
     * @param messagesSent   messages sent in full
     * @param messagesEchoed messages that came back whole and byte for byte
     * @param bytesEchoed    bytes that came back
     * @param framed         whether rx carried SOM/EOM (message boundaries) at all
     * @param problems       what went wrong (empty for a clean run)
     */
    public record Report(String streamType, List<String> states, int messagesSent, int messagesEchoed,
                         long bytesEchoed, boolean framed, List<String> problems) {

        public Report {
            states = List.copyOf(states);
            problems = List.copyOf(problems);
        }

        /** Whether every message came back and nothing went wrong. */
        public boolean clean() {
            return problems.isEmpty() && messagesEchoed == messagesSent;
        }
    }

    private final String streamType;
    private final int messages;
    private final int size;
    private final int deadlineMillis;
    private final CompletableFuture<Report> done = new CompletableFuture<>();
    private final List<String> states = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private int sent;
    private int txOffset;
    private boolean inFlight;
    private int echoed;
    private int rxOffset;
    private long bytesEchoed;
    private boolean framed;

    private EchoCounter(String streamType, int messages, int size, Duration deadline) {
        if (messages < 1 || size < 1) {
            throw new IllegalArgumentException("need at least one message of at least one byte");
        }
        this.streamType = Objects.requireNonNull(streamType, "streamType");
        this.messages = messages;
        this.size = size;
        this.deadlineMillis = Math.toIntExact(deadline.toMillis());
    }

    /**
     * Runs the application on {@code loop} with a stream of {@code streamType} from {@code streams}.
     * The future completes with the report once the stream is destroyed, or fails if the stream
     * could not be created.
     */
    public static CompletableFuture<Report> run(SecureStreams streams, Loop loop, String streamType, int messages,
                                                int size, Duration deadline) {
        EchoCounter app = new EchoCounter(streamType, messages, size, deadline);
        loop.execute(() -> {
            try {
                streams.create(StreamOptions.of(streamType, app), loop);
            } catch (RuntimeException e) {
                app.done.completeExceptionally(e);
            }
        });
        return app.done;
    }

    /** Byte {@code offset} of message {@code message}. */
    static byte payload(int message, int offset) {
        return (byte) (message * 131 + offset * 7 + (offset >>> 8));
    }

    @Override
    public StreamResult onState(SecureStream stream, StreamState state, long ack) {
        states.add(state.name());
        if (state == StreamState.CREATING) {
            stream.startTimeout(deadlineMillis);
            stream.requestTx();
        } else if (state == StreamState.TIMEOUT) {
            problems.add("only " + echoed + " of " + messages + " messages came back within " + deadlineMillis + " ms");
            return StreamResult.DESTROY_ME;
        } else if (state == StreamState.ALL_RETRIES_FAILED) {
            problems.add("the stream could not connect");
            return StreamResult.DESTROY_ME;
        } else if (state == StreamState.DISCONNECTED && echoed < messages) {
            problems.add("the connection dropped after " + echoed + " messages");
        } else if (state == StreamState.DESTROYING) {
            done.complete(new Report(streamType, states, sent, echoed, bytesEchoed, framed, problems));
        }
        return StreamResult.OK;
    }

    @Override
    public StreamResult onTx(SecureStream stream, int ordinal, TxChunk chunk) {
        if (inFlight || sent == messages) {
            return StreamResult.TX_DONT_SEND;
        }
        ByteBuffer b = chunk.buffer();
        int n = Math.min(b.remaining(), size - txOffset);
        for (int i = 0; i < n; i++) {
            b.put(payload(sent, txOffset + i));
        }
        chunk.flags((txOffset == 0 ? PayloadFlags.SOM : 0) | (txOffset + n == size ? PayloadFlags.EOM : 0));
        txOffset += n;
        if (txOffset == size) {
            txOffset = 0;
            sent++;
            inFlight = true;
        } else {
            stream.requestTx();
        }
        return StreamResult.OK;
    }

    @Override
    public StreamResult onRx(SecureStream stream, ByteBuffer data, int flags) {
        boolean som = (flags & PayloadFlags.SOM) != 0;
        boolean eom = (flags & PayloadFlags.EOM) != 0;
        framed |= som || eom;
        int n = data.remaining();
        if (framed && som != (rxOffset == 0)) {
            problems.add("message " + echoed + ": SOM " + (som ? "on" : "missing from") + " a piece at offset " + rxOffset);
        }
        if (framed && eom != (rxOffset + n == size)) {
            problems.add("message " + echoed + ": EOM " + (eom ? "on" : "missing from") + " a piece ending at "
                    + (rxOffset + n));
        }
        if (rxOffset + n > size || !inFlight) {
            problems.add("message " + echoed + ": " + n + " bytes more than was sent");
            return StreamResult.DESTROY_ME;
        }
        for (int i = 0; i < n; i++) {
            if (data.get() != payload(echoed, rxOffset + i) && problems.size() < 10) {
                problems.add("message " + echoed + ": byte " + (rxOffset + i) + " differs");
            }
        }
        rxOffset += n;
        bytesEchoed += n;
        if (rxOffset < size) {
            return StreamResult.OK;
        }
        rxOffset = 0;
        inFlight = false;
        echoed++;
        if (echoed == messages) {
            return StreamResult.DESTROY_ME;
        }
        stream.requestTx();
        return StreamResult.OK;
    }
}
