package dev.strand.examples.binance.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the local feed sends, message by message: binance-like combined-stream messages of the
 * shape lws's capture shows (golden/lws/c-uart-plain-binance), with known numbers, so that what
 * a client prints can be checked.
 *
 * <ul>
 *   <li>Depth update {@code i} (from 0 on each connection) has best ask {@link #askMills(long)}:
 *       a sawtooth that starts at 50000.000 and falls by 1.237 each update for {@link #cycle()}
 *       updates, then starts again; prices are written with three decimals, so lws's cents rule
 *       has something to truncate. Asks rise from there in steps of 0.10; bids start 0.10 below
 *       and fall. The number of levels per side is {@link #levels(long)} (10 to 59), so messages
 *       are about 0.5 to 2.7 KB: some pass a proxy whole, some in pieces.</li>
 *   <li>{@code U}, {@code u}, {@code pu} are {@link #FIRST_UPDATE_ID} plus 2i+1, 2i+2, 2i (as large as
 *       Binance's, and of one width, so message lengths repeat); {@code E} is the feed's wall clock
 *       in ms when it sent the message, {@code T} 2 ms earlier.</li>
 *   <li>Every {@link #tickerEvery()}-th depth update is followed by a bookTicker, which a
 *       client must read and ignore.</li>
 * </ul>
 *
 * Immutable.
 *
 * @param cycle       depth updates per sawtooth period (the demo uses its rate: one period a second)
 * @param tickerEvery a bookTicker after every this many depth updates (0: none)
 */
public record FeedScript(int cycle, int tickerEvery) {

    /** The first best ask, in mills (thousandths of a dollar): 50000.000. */
    public static final long BASE_MILLS = 50_000_000;
    /** How much the best ask falls from one update to the next within a cycle: 1.237. */
    public static final long STEP_MILLS = 1_237;
    /** The gap between price levels: 0.10. */
    public static final long LEVEL_MILLS = 100;

    /** The update ids start here. */
    public static final long FIRST_UPDATE_ID = 7_000_000_000_000L;
    /** Depth updates after which the number of levels repeats. */
    public static final int LEVELS_PERIOD = 50;
    /** The event time {@link #window} assumes: any 13-digit ms value (2001 to 2286) gives the same lengths. */
    static final long TYPICAL_EVENT_MILLIS = 1_800_000_000_000L;

    public FeedScript {
        if (cycle < 1) {
            throw new IllegalArgumentException("cycle " + cycle + " must be at least 1");
        }
        if (tickerEvery < 0) {
            throw new IllegalArgumentException("tickerEvery " + tickerEvery + " must not be negative");
        }
    }

    /** The best ask of depth update {@code i}, in mills. */
    public long askMills(long i) {
        return BASE_MILLS - (i % cycle) * STEP_MILLS;
    }

    /** The best ask of depth update {@code i} in cents as lws's {@code pennies()} reads it (truncated). */
    public long askCents(long i) {
        return askMills(i) / 10;
    }

    /** Price levels per side in depth update {@code i}: 10 to 59, repeating every {@value #LEVELS_PERIOD}. */
    public static int levels(long i) {
        return 10 + (int) ((i * 7) % LEVELS_PERIOD);
    }

    /** Whether a bookTicker follows depth update {@code i}. */
    public boolean tickerAfter(long i) {
        return tickerEvery > 0 && (i + 1) % tickerEvery == 0;
    }

    /** Depth update {@code i}, sent at {@code eventMillis}. */
    public String depthUpdate(long i, long eventMillis) {
        int levels = levels(i);
        long ask = askMills(i);
        StringBuilder s = new StringBuilder(64 + 44 * levels);
        s.append("{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":").append(eventMillis)
                .append(",\"T\":").append(eventMillis - 2)
                .append(",\"s\":\"BTCUSDT\",\"U\":").append(FIRST_UPDATE_ID + 2 * i + 1)
                .append(",\"u\":").append(FIRST_UPDATE_ID + 2 * i + 2)
                .append(",\"pu\":").append(FIRST_UPDATE_ID + 2 * i)
                .append(",\"b\":[");
        for (int l = 0; l < levels; l++) {
            level(s.append(l == 0 ? "" : ","), ask - (l + 1) * LEVEL_MILLS, 1_000 + 17L * l);
        }
        s.append("],\"a\":[");
        for (int l = 0; l < levels; l++) {
            level(s.append(l == 0 ? "" : ","), ask + l * LEVEL_MILLS, 2_000 + 13L * l);
        }
        return s.append("]}}").toString();
    }

    /** The bookTicker sent after depth update {@code i}. */
    public String bookTicker(long i, long eventMillis) {
        long ask = askMills(i);
        StringBuilder s = new StringBuilder(200);
        s.append("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":")
                .append(FIRST_UPDATE_ID + 2 * i + 2)
                .append(",\"s\":\"BTCUSDT\",\"b\":\"");
        decimal(s, ask - LEVEL_MILLS).append("\",\"B\":\"1.000\",\"a\":\"");
        decimal(s, ask).append("\",\"A\":\"2.000\",\"T\":").append(eventMillis - 2).append(",\"E\":")
                .append(eventMillis).append("}}");
        return s.toString();
    }

    /** Depth updates after which everything but the times repeats: prices, levels and tickers. */
    public int period() {
        return lcm(lcm(cycle, LEVELS_PERIOD), Math.max(1, tickerEvery));
    }

    /**
     * What a client sees in {@code n} consecutive depth updates from update {@code start}: their
     * best asks in cents (min, max, mean truncated) and the bytes of those updates and of the
     * bookTickers that follow them, for 13-digit event times.
     */
    public Window window(long start, int n) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sum = 0;
        long bytes = 0;
        for (long i = start; i < start + n; i++) {
            long c = askCents(i);
            min = Math.min(min, c);
            max = Math.max(max, c);
            sum += c;
            bytes += depthUpdate(i, TYPICAL_EVENT_MILLIS).length();
            if (tickerAfter(i)) {
                bytes += bookTicker(i, TYPICAL_EVENT_MILLIS).length();
            }
        }
        return new Window(start, n, min, max, n == 0 ? 0 : sum / n, bytes);
    }

    /** The window of {@code n} updates from each place in the {@link #period()}: every one a client can see. */
    public List<Window> windows(int n) {
        List<Window> all = new ArrayList<>(period());
        for (int start = 0; start < period(); start++) {
            all.add(window(start, n));
        }
        return all;
    }

    /**
     * The run of {@code n} consecutive depth updates that explains what a client reported for one
     * window: best asks of exactly these cents, and a byte count that truncates to
     * {@code kibibytes} KiB give or take a message at each end whose pieces straddled the window's
     * boundary (the client counts bytes as pieces arrive and updates when they are whole).
     *
     * @return the first such run in the period, or empty if none can explain the report
     */
    public Optional<Window> explain(int n, long minCents, long maxCents, long meanCents, long kibibytes) {
        long straddle = 2L * (longestMessage() + bookTicker(0, TYPICAL_EVENT_MILLIS).length());
        long low = kibibytes * 1024;
        long high = low + 1023;
        return windows(n).stream()
                .filter(w -> w.minCents() == minCents && w.maxCents() == maxCents && w.meanCents() == meanCents)
                .filter(w -> w.bytes() + straddle >= low && w.bytes() - straddle <= high)
                .findFirst();
    }

    /** The longest message the script sends (a depth update with the most levels), in bytes. */
    public int longestMessage() {
        int longest = 0;
        for (int i = 0; i < LEVELS_PERIOD; i++) {
            longest = Math.max(longest, depthUpdate(i, TYPICAL_EVENT_MILLIS).length());
        }
        return longest;
    }

    /**
     * What a run of consecutive depth updates holds.
     *
     * @param start     the first update's number
     * @param updates   how many
     * @param minCents  the lowest best ask, cents
     * @param maxCents  the highest best ask, cents
     * @param meanCents the mean best ask, cents, truncated
     * @param bytes     the bytes of the updates and of the bookTickers after them
     */
    public record Window(long start, int updates, long minCents, long maxCents, long meanCents, long bytes) {
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    private static void level(StringBuilder s, long priceMills, long quantityMills) {
        s.append("[\"");
        decimal(s, priceMills).append("\",\"");
        decimal(s, quantityMills).append("\"]");
    }

    /** {@code mills} as a decimal with three places. */
    private static StringBuilder decimal(StringBuilder s, long mills) {
        long frac = mills % 1000;
        return s.append(mills / 1000).append('.').append(frac < 100 ? frac < 10 ? "00" : "0" : "").append(frac);
    }
}
