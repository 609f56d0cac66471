package dev.strand.examples.binance;

/**
 * lws's {@code pennies()}: a decimal price string to integer cents, truncating. The integer part
 * times 100 plus the first two decimal digits; further digits are dropped, never rounded
 * ({@code "49999.279"} is 4999927). lws adds nothing when only one decimal digit follows the point
 * ({@code "1.5"} would be 100); here a missing second digit counts as 0 ({@code "1.5"} is 150).
 * Binance always sends at least two decimals, so the two agree on every real price.
 */
public final class Pennies {

    /** Integer digits accepted: 100 × (10^16 - 1) + 99 still fits a {@code long}. */
    static final int MAX_INTEGER_DIGITS = 16;

    private Pennies() {
    }

    /**
     * The cents of {@code price}, which must be {@code DIGITS} or {@code DIGITS.DIGITS}.
     *
     * @throws IllegalArgumentException if it is not, naming the price
     */
    public static long of(CharSequence price) {
        int n = price.length();
        int point = -1;
        for (int i = 0; i < n; i++) {
            char c = price.charAt(i);
            if (c == '.' && point < 0 && i > 0 && i < n - 1) {
                point = i;
            } else if (c < '0' || c > '9') {
                throw new IllegalArgumentException("price '" + price + "' is not a plain decimal number");
            }
        }
        int integerDigits = point < 0 ? n : point;
        if (n == 0 || integerDigits > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("price '" + price + "' is empty or has more than "
                    + MAX_INTEGER_DIGITS + " integer digits");
        }
        long cents = 0;
        for (int i = 0; i < integerDigits; i++) {
            cents = cents * 10 + (price.charAt(i) - '0');
        }
        cents *= 100;
        if (point >= 0) {
            cents += 10L * (price.charAt(point + 1) - '0');
            if (point + 2 < n) {
                cents += price.charAt(point + 2) - '0';
            }
        }
        return cents;
    }
}
