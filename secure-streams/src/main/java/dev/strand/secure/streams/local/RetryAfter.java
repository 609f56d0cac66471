package dev.strand.secure.streams.local;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. What
 * lws's {@code lws_http_check_retry_after} does for 503 and 429 responses. Stateless.
 */
final class RetryAfter {

    /** The longest wait honoured (lws caps it too): one day. */
    static final long MAX_MILLIS = 24L * 3600 * 1000;

    private RetryAfter() {
    }

    /**
     * How many milliseconds to wait: the seconds given, or the time from {@code nowMillis} (Unix
     * epoch) to the date given, at least 0 and at most {@link #MAX_MILLIS}; empty if the value is
     * neither.
     */
    static Optional<Long> millis(String value, long nowMillis) {
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            if (v.length() > 9) {
                return Optional.of(MAX_MILLIS);
            }
            return Optional.of(Math.min(MAX_MILLIS, Long.parseLong(v) * 1000));
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Optional.of(Math.max(0, Math.min(MAX_MILLIS, at - nowMillis)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
