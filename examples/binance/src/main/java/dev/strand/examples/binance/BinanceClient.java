package dev.strand.examples.binance;

import dev.strand.api.Loop;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * lws's binance example as one {@link StreamHandler}, the same class wherever it runs: give it to
 * any {@link dev.strand.api.ss.SecureStreams} (in-process, a proxy client over a Unix socket, or
 * one over the transport mux on a serial port) as streamtype {@value #STREAMTYPE}.
 *
 * <p>It rebuilds each message from its pieces ({@link MessageAssembler}, {@value #MESSAGE_CAPACITY}
 * bytes at most, as the pico client), reads it ({@link DepthScanner}) and, for each
 * {@code depthUpdate}, records the event latency (wall clock now minus {@code "E"}) and the best
 * ask in cents ({@link Pennies}). Once a second, from a timer on the stream's loop that starts at
 * {@link StreamState#CONNECTED} and stops at {@link StreamState#DISCONNECTED}, it hands a
 * {@link SecondReport} to its {@link Output} and starts a new window. Messages that are not
 * well-formed are skipped and counted, and {@link Output#skipped} says why; nothing else notices.
 *
 * <p>The wall clock is the stream loop's ({@link Loop#currentTimeMicros()}) unless the launcher
 * gives another: the pico launcher gives the proxy's clock, learnt from the transport mux's
 * PONGACK, as lws's pico client does. That is the only thing that differs between placements,
 * and it is optional.
 *
 * <p>All callbacks run on the stream's loop; so do the {@link Output} calls. One instance per
 * stream.
 */
public final class BinanceClient implements StreamHandler {

    /** The streamtype the policy must define. */
    public static final String STREAMTYPE = "binance";
    /** The largest message kept, as lws's pico client ({@code msgbuf[10240]}). */
    public static final int MESSAGE_CAPACITY = 10 * 1024;
    /** How often a report is made. */
    public static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Where the reports go. Called on the stream's loop; must not block. */
    public interface Output {

        /** The statistics of the window that just ended. */
        void report(SecondReport report);

        /** The stream entered {@code state} (for launchers that show progress). */
        default void state(StreamState state, long ack) {
        }

        /** A message was skipped; {@code why} says what was wrong with it. */
        default void skipped(String why) {
        }
    }

    private final Output output;
    private final LongSupplier wallClockMicros;
    private final MessageAssembler assembler = new MessageAssembler(MESSAGE_CAPACITY);
    private final DepthScanner scanner = new DepthScanner();
    private final Range price = new Range();
    private final Range latencyMicros = new Range();
    private long rxBytes;
    private long malformed;
    private long oversizedAtWindowStart;
    private long partialAtWindowStart;
    private long totalUpdates;
    private long totalMalformed;

    private Loop.Scheduled timer;
    private long connectedNanos;
    private long windowStartNanos;
    private long second;

    /** A client that reads the wall clock from its stream's loop. */
    public BinanceClient(Output output) {
        this(output, null);
    }

    /**
     * A client that reads the wall clock from {@code wallClockMicros} (µs since the Unix epoch),
     * or from its stream's loop if that is null.
     */
    public BinanceClient(Output output, LongSupplier wallClockMicros) {
        this.output = Objects.requireNonNull(output, "output");
        this.wallClockMicros = wallClockMicros;
    }

    @Override
    public StreamResult onState(SecureStream stream, StreamState state, long ack) {
        if (state == StreamState.CONNECTED) {
            startReports(stream.loop());
        } else if (state == StreamState.DISCONNECTED || state == StreamState.DESTROYING) {
            stopReports();
        }
        output.state(state, ack);
        return StreamResult.OK;
    }

    @Override
    public StreamResult onRx(SecureStream stream, ByteBuffer data, int flags) {
        rxBytes += data.remaining();
        if (assembler.accept(data, flags)) {
            long now = wallClockMicros != null ? wallClockMicros.getAsLong() : stream.loop().currentTimeMicros();
            message(now);
        }
        return StreamResult.OK;
    }

    /** DepthUpdates counted since creation (for launchers' summaries). Call on the stream's loop. */
    public long totalUpdates() {
        return totalUpdates;
    }

    /** Messages skipped as malformed since creation. Call on the stream's loop. */
    public long totalMalformed() {
        return totalMalformed;
    }

    private void message(long nowMicros) {
        Optional<DepthUpdate> update;
        try {
            update = scanner.scan(assembler.buffer(), 0, assembler.length());
        } catch (MalformedMessageException e) {
            malformed++;
            totalMalformed++;
            output.skipped(e.getMessage());
            return;
        }
        if (update.isEmpty()) {
            return;
        }
        DepthUpdate u = update.get();
        totalUpdates++;
        latencyMicros.add(nowMicros - u.eventTimeMillis() * 1000);
        u.bestAskCents().ifPresent(price::add);
    }

    private void startReports(Loop loop) {
        stopReports();
        connectedNanos = loop.nanoTime();
        windowStartNanos = connectedNanos;
        second = 0;
        newWindow();
        scheduleNext(loop);
    }

    private void stopReports() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Ticks stay on the grid CONNECTED + n seconds, so lateness does not accumulate. */
    private void scheduleNext(Loop loop) {
        long due = connectedNanos + (second + 1) * REPORT_INTERVAL_NANOS;
        timer = loop.schedule(() -> tick(loop), Math.max(0, due - loop.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void tick(Loop loop) {
        long now = loop.nanoTime();
        second++;
        SecondReport report = new SecondReport(second, (now - windowStartNanos) / 1_000_000,
                price.samples(), price.samples() == 0 ? 0 : price.min(), price.samples() == 0 ? 0 : price.max(),
                price.average(),
                latencyMicros.samples(),
                latencyMicros.samples() == 0 ? 0 : latencyMicros.min() / 1000,
                latencyMicros.samples() == 0 ? 0 : latencyMicros.max() / 1000,
                latencyMicros.average() / 1000,
                rxBytes / 1024, malformed,
                assembler.oversized() - oversizedAtWindowStart, assembler.partial() - partialAtWindowStart);
        windowStartNanos = now;
        newWindow();
        scheduleNext(loop);
        output.report(report);
    }

    private void newWindow() {
        price.reset();
        latencyMicros.reset();
        rxBytes = 0;
        malformed = 0;
        oversizedAtWindowStart = assembler.oversized();
        partialAtWindowStart = assembler.partial();
    }
}
