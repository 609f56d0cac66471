package dev.strand.examples.binance;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link BinanceClient} reports for one window (a second, give or take the timer's
 * lateness): lws's two per-second lines, as one line. Immutable; {@link #format()} and
 * {@link #parse(String)} are inverse.
 *
 * <pre>
 * binance [3 s, 1000 ms] price: min 4999343, max 5000000, avg 4999671 cents (10 prices/s); elatency: min 0, max 1, avg 0 ms (10 msg/s); 23 KiB/s SS RX
 * </pre>
 *
 * <ul>
 *   <li>{@code [3 s, 1000 ms]}: the window's number since CONNECTED, and its length by the loop's clock;</li>
 *   <li>{@code price}: the best (first) ask of each depthUpdate, in cents by {@link Pennies}; min,
 *       max, mean truncated, and how many updates carried an ask; {@code price: none (0 prices/s)}
 *       when none did;</li>
 *   <li>{@code elatency}: local wall clock minus the update's {@code "E"}, in ms (µs divided by 1000,
 *       truncated toward zero; negative if the clocks disagree); min, max, mean; and the number of
 *       depthUpdates in the window ({@code msg/s}, as lws counts them); {@code none} when there were none;</li>
 *   <li>{@code KiB/s SS RX}: every payload byte the stream received in the window (all messages,
 *       not only depth updates), divided by 1024, truncated, as the pico client prints it;</li>
 *   <li>only when something was skipped in the window: {@code ; skipped M malformed, O oversized,
 *       P partial}: messages that were not well-formed (or a depthUpdate with unusable fields),
 *       longer than the 10 KiB buffer, or missing a piece.</li>
 * </ul>
 *
 * @param second         the window's number, from 1
 * @param windowMillis   the window's length in ms
 * @param prices         depthUpdates that carried an ask
 * @param priceMin       the lowest best ask, cents (0 if {@code prices} is 0)
 * @param priceMax       the highest best ask, cents (0 if {@code prices} is 0)
 * @param priceAvg       the mean best ask, cents, truncated (0 if {@code prices} is 0)
 * @param messages       depthUpdates received
 * @param latencyMinMs   the lowest event latency, ms (0 if {@code messages} is 0)
 * @param latencyMaxMs   the highest event latency, ms (0 if {@code messages} is 0)
 * @param latencyAvgMs   the mean event latency, ms (0 if {@code messages} is 0)
 * @param rxKibibytes    payload bytes received / 1024
 * @param malformed      messages skipped as malformed
 * @param oversized      messages skipped as longer than the buffer
 * @param partial        messages skipped as incomplete
 */
public record SecondReport(long second, long windowMillis,
                           int prices, long priceMin, long priceMax, long priceAvg,
                           int messages, long latencyMinMs, long latencyMaxMs, long latencyAvgMs,
                           long rxKibibytes, long malformed, long oversized, long partial) {

    /** Every line starts with this. */
    public static final String PREFIX = "binance [";

    private static final Pattern LINE = Pattern.compile(
            "binance \\[(\\d+) s, (\\d+) ms\\] "
            + "price: (?:min (\\d+), max (\\d+), avg (\\d+) cents|none) \\((\\d+) prices/s\\); "
            + "elatency: (?:min (-?\\d+), max (-?\\d+), avg (-?\\d+) ms|none) \\((\\d+) msg/s\\); "
            + "(\\d+) KiB/s SS RX"
            + "(?:; skipped (\\d+) malformed, (\\d+) oversized, (\\d+) partial)?");

    /** The line, without a line end. */
    public String format() {
        StringBuilder s = new StringBuilder(160);
        s.append(PREFIX).append(second).append(" s, ").append(windowMillis).append(" ms] price: ");
        if (prices > 0) {
            s.append("min ").append(priceMin).append(", max ").append(priceMax).append(", avg ").append(priceAvg)
                    .append(" cents");
        } else {
            s.append("none");
        }
        s.append(" (").append(prices).append(" prices/s); elatency: ");
        if (messages > 0) {
            s.append("min ").append(latencyMinMs).append(", max ").append(latencyMaxMs).append(", avg ")
                    .append(latencyAvgMs).append(" ms");
        } else {
            s.append("none");
        }
        s.append(" (").append(messages).append(" msg/s); ").append(rxKibibytes).append(" KiB/s SS RX");
        if (malformed + oversized + partial > 0) {
            s.append("; skipped ").append(malformed).append(" malformed, ").append(oversized).append(" oversized, ")
                    .append(partial).append(" partial");
        }
        return s.toString();
    }

    /** The report {@code line} shows, if it is one {@link #format()} made (the whole line). */
    public static Optional<SecondReport> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SecondReport(
                num(m, 1), num(m, 2),
                (int) num(m, 6), num(m, 3), num(m, 4), num(m, 5),
                (int) num(m, 10), num(m, 7), num(m, 8), num(m, 9),
                num(m, 11), num(m, 12), num(m, 13), num(m, 14)));
    }

    private static long num(Matcher m, int group) {
        String g = m.group(group);
        return g == null ? 0 : Long.parseLong(g);
    }

    @Override
    public String toString() {
        return format();
    }
}
