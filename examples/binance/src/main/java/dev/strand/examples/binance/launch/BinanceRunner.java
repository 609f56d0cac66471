package dev.strand.examples.binance.launch;

import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.SecureStreams;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamState;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.examples.binance.BinanceClient;
import dev.strand.examples.binance.SecondReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs one {@link BinanceClient} on the {@link SecureStreams} it is given (in-process, a proxy
 * client over a socket, one over the mux on a serial port: the client is the same) and prints for
 * people: each state as {@code binance: STATE (n)}, each report as {@link SecondReport#format()},
 * each skipped message's reason (the first {@value #SKIPS_SHOWN}), and a summary at the end. It
 * runs for a number of reports or until the process ends.
 *
 * <p>Exit statuses: 0 when the reports asked for were printed; 1 when the stream was refused or
 * destroyed; 2 when it never connected (unreachable, retries used up, or not within the connect
 * timeout). One runner per run; {@link #run} blocks the calling thread, never a loop.
 */
public final class BinanceRunner {

    /** Reasons for skipped messages printed before going quiet. */
    static final int SKIPS_SHOWN = 10;
    /** How long closing may take. */
    private static final long CLOSE_WAIT_S = 10;

    /**
     * How long to run and when to give up.
     *
     * @param seconds          reports to print before stopping; 0 runs until the process ends
     * @param failUnreachable  give up (status 2) on the first UNREACHABLE or ALL_RETRIES_FAILED
     *                         before the stream ever connected, rather than let it retry
     * @param connectTimeout   give up (status 2) if not connected within this; zero waits forever
     */
    public record Settings(long seconds, boolean failUnreachable, Duration connectTimeout) {
        public Settings {
            if (seconds < 0) {
                throw new IllegalArgumentException("seconds " + seconds + " must not be negative");
            }
            if (connectTimeout.isNegative()) {
                throw new IllegalArgumentException("connect timeout " + connectTimeout + " must not be negative");
            }
        }
    }

    private final PrintStream out;
    private final CompletableFuture<Integer> outcome = new CompletableFuture<>();
    private final CountDownLatch destroyed = new CountDownLatch(1);
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong skips = new AtomicLong();
    private volatile boolean connectedOnce;
    private volatile StreamState last = StreamState.UNSET;

    private BinanceRunner(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the client on {@code streams} (which it closes at the end), with the wall clock
     * {@code wallClockMicros} (null: the loop's), printing to {@code out}.
     *
     * @return the exit status (see the class comment)
     */
    public static int run(SecureStreams streams, LongSupplier wallClockMicros, Settings settings, PrintStream out)
            throws InterruptedException {
        return new BinanceRunner(out).go(streams, wallClockMicros, settings);
    }

    private int go(SecureStreams streams, LongSupplier wallClockMicros, Settings settings) throws InterruptedException {
        BinanceClient client = new BinanceClient(new Printer(settings), wallClockMicros);
        SecureStream[] stream = new SecureStream[1];
        try (EventLoop loop = new EventLoop("binance")) {
            loop.execute(() -> {
                try {
                    stream[0] = streams.create(StreamOptions.of(BinanceClient.STREAMTYPE, client), loop);
                } catch (RuntimeException e) {
                    out.println("binance: cannot create the stream: " + e.getMessage());
                    finish(1);
                }
            });
            if (!settings.connectTimeout().isZero()) {
                loop.schedule(() -> {
                    if (!connectedOnce) {
                        out.println("binance: not connected within " + settings.connectTimeout().toSeconds()
                                + " s (last state " + last + ")");
                        finish(2);
                    }
                }, settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            int status = await();
            loop.execute(() -> {
                if (stream[0] != null) {
                    stream[0].close();
                } else {
                    destroyed.countDown();
                }
            });
            destroyed.await(CLOSE_WAIT_S, TimeUnit.SECONDS);
            CompletableFuture<long[]> totals = new CompletableFuture<>();
            loop.execute(() -> totals.complete(new long[] {client.totalUpdates(), client.totalMalformed()}));
            long[] t = totals.completeOnTimeout(new long[] {-1, -1}, CLOSE_WAIT_S, TimeUnit.SECONDS).join();
            out.println("binance: " + reports.get() + " reports, " + t[0] + " depth updates, " + t[1]
                    + " malformed messages; exit status " + status);
            return status;
        } finally {
            streams.close();
        }
    }

    private int await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the runner's outcome cannot fail", e);
        }
    }

    private void finish(int status) {
        outcome.complete(status);
    }

    /** What the client reports, printed; runs on the stream's loop. */
    private final class Printer implements BinanceClient.Output {

        private final Settings settings;

        Printer(Settings settings) {
            this.settings = settings;
        }

        @Override
        public void report(SecondReport report) {
            out.println(report.format());
            if (reports.incrementAndGet() == settings.seconds()) {
                finish(0);
            }
        }

        @Override
        public void state(StreamState state, long ack) {
            last = state;
            out.println("binance: " + state.name() + " (" + state.value() + ")" + meaning(state)
                    + (state == StreamState.UPSTREAM_LINK_RETRY ? " (" + ack + " ms so far)" : ""));
            if (state == StreamState.CONNECTED) {
                connectedOnce = true;
            } else if (state == StreamState.DESTROYING) {
                destroyed.countDown();
                finish(1);
            } else if (settings.failUnreachable() && !connectedOnce
                    && (state == StreamState.UNREACHABLE || state == StreamState.ALL_RETRIES_FAILED)) {
                out.println("binance: the feed cannot be reached; giving up rather than retrying");
                finish(2);
            }
        }

        @Override
        public void skipped(String why) {
            long n = skips.incrementAndGet();
            if (n <= SKIPS_SHOWN) {
                out.println("binance: skipped a message: " + why);
            } else if (n == SKIPS_SHOWN + 1) {
                out.println("binance: more messages skipped; the per-second lines count them");
            }
        }
    }

    private static String meaning(StreamState s) {
        if (s == StreamState.CREATING) {
            return ": the streamtype exists in the policy";
        } else if (s == StreamState.CONNECTING) {
            return ": connecting to the feed";
        } else if (s == StreamState.CONNECTED) {
            return ": subscribed; a report follows every second";
        } else if (s == StreamState.UNREACHABLE) {
            return ": the feed could not be reached";
        } else if (s == StreamState.DISCONNECTED) {
            return ": the connection to the feed is gone";
        } else if (s == StreamState.UPSTREAM_LINK_RETRY) {
            return ": still trying to reach the proxy";
        } else if (s == StreamState.DESTROYING) {
            return ": the stream is gone";
        }
        return "";
    }
}
