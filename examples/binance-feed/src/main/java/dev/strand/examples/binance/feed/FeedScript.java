package dev.strand.examples.binance.feed;

import java.util.LinkedHashSet;
import java.util.Set;

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
 *   <li>{@code U}, {@code u}, {@code pu} are 2i+1, 2i+2, 2i; {@code E} is the feed's wall clock in
 *       ms when it sent the message, {@code T} 2 ms earlier.</li>
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

    /** Price levels per side in depth update {@code i}: 10 to 59. */
    public static int levels(long i) {
        return 10 + (int) ((i * 7) % 50);
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
                .append(",\"s\":\"BTCUSDT\",\"U\":").append(2 * i + 1)
                .append(",\"u\":").append(2 * i + 2)
                .append(",\"pu\":").append(2 * i)
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
        s.append("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":").append(2 * i + 2)
                .append(",\"s\":\"BTCUSDT\",\"b\":\"");
        decimal(s, ask - LEVEL_MILLS).append("\",\"B\":\"1.000\",\"a\":\"");
        decimal(s, ask).append("\",\"A\":\"2.000\",\"T\":").append(eventMillis - 2).append(",\"E\":")
                .append(eventMillis).append("}}");
        return s.toString();
    }

    /**
     * The (min, max, mean) best ask in cents a client can report for a window of {@code n}
     * consecutive depth updates, over every place in the sawtooth the window can start.
     */
    public Set<PriceWindow> possibleWindows(int n) {
        Set<PriceWindow> windows = new LinkedHashSet<>();
        for (int start = 0; start < cycle; start++) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long sum = 0;
            for (int k = 0; k < n; k++) {
                long c = askCents(start + k);
                min = Math.min(min, c);
                max = Math.max(max, c);
                sum += c;
            }
            windows.add(new PriceWindow(min, max, sum / n));
        }
        return windows;
    }

    /**
     * A window's best-ask statistics in cents.
     *
     * @param min  the lowest
     * @param max  the highest
     * @param mean the mean, truncated
     */
    public record PriceWindow(long min, long max, long mean) {
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
