package dev.strand.core.net.sss;

/**
 * A proxied stream's timeout as the proxy must be told it: armed by the application, sent as a
 * TIMEOUT_UPDATE once a proxy stream exists, told again (with what is left of it) to the next
 * proxy stream after a relink, forgotten once it fired. Times are the loop's nanoseconds.
 * Confined to the stream's loop.
 */
final class ProxyTimeout {

    private boolean armed;
    private long millis;
    private long armedAtNanos;
    private boolean due;
    private boolean retell;

    /** The application armed {@code ms} (0: the policy's timeout). */
    void start(long ms, long nowNanos) {
        armed = true;
        millis = ms;
        armedAtNanos = nowNanos;
        due = true;
        retell = false;
    }

    /** The application cancelled; the proxy must hear it only if its stream may hold a timer. */
    void cancel(boolean proxyStreamExists) {
        armed = false;
        due = proxyStreamExists;
    }

    /** The proxy reported TIMEOUT. */
    void fired() {
        armed = false;
    }

    /** The proxy stream is gone: a new one must hear about a timeout still armed. */
    void proxyStreamLost() {
        due = armed;
        retell = armed;
    }

    /** Whether a TIMEOUT_UPDATE waits to be sent. */
    boolean due() {
        return due;
    }

    /**
     * The value of the TIMEOUT_UPDATE to send now (no longer due afterwards): the milliseconds
     * asked for, what is left of them when told again (at least 1), 0 for the policy's timeout, or
     * {@link SssWire#TIMEOUT_CANCEL}.
     */
    long take(long nowNanos) {
        due = false;
        if (!armed) {
            return SssWire.TIMEOUT_CANCEL;
        }
        if (retell && millis != SssWire.TIMEOUT_FROM_POLICY) {
            millis = Math.max(1, millis - (nowNanos - armedAtNanos) / 1_000_000);
            armedAtNanos = nowNanos;
        }
        retell = false;
        return millis;
    }
}
