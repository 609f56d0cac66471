package dev.strand.core.net.mux;

import dev.strand.api.Endpoint;
import dev.strand.core.net.mux.internal.MuxWire;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a mux session runs. Immutable. Every field can also be given as an endpoint parameter
 * (name in brackets), for example {@code mux+uart:/dev/ttyUSB0?baud=115200&ping=10s&grace=2s}.
 * Durations are written {@code 250ms}, {@code 10s} or {@code 1m}.
 *
 * @param pingInterval        [{@code ping}] time between PINGs on a healthy link (lws: 10 s)
 * @param pongGrace           [{@code grace}] how long a PONG may take before the link is declared
 *                            down (lws: 2 s)
 * @param retryAfterDown      [{@code retry}] when the next PING goes after the link went down
 *                            (lws: fixed 2 s)
 * @param maxChannels         [{@code channels}] channel indexes in use at most, 1..256, counting
 *                            channels that are opening or closed but not yet acknowledged
 *                            (lws: 253)
 * @param maxFramePayload     [{@code frame}] the most channel bytes one MUX frame carries, 1..65535;
 *                            keeps control frames from waiting behind long frames on slow links
 * @param channelHighWater    [{@code hwm}] unsent bytes per channel above which the channel reports
 *                            itself not writable
 * @param channelReceiveLimit [{@code rxlimit}] bytes a channel may buffer while its reader is paused
 *                            or before it is open; beyond it the channel is aborted (the mux has no
 *                            per-channel flow control on the wire)
 */
public record MuxSettings(Duration pingInterval, Duration pongGrace, Duration retryAfterDown,
                          int maxChannels, int maxFramePayload, int channelHighWater,
                          int channelReceiveLimit) {

    /** lws's values: PING every 10 s, 2 s grace, retry 2 s after down, 253 channels; 2 KiB frames. */
    public static final MuxSettings DEFAULT = new MuxSettings(Duration.ofSeconds(10), Duration.ofSeconds(2),
            Duration.ofSeconds(2), MuxWire.LWS_CHANNEL_LIMIT, 2048, 64 * 1024, 1024 * 1024);

    /** The endpoint parameters the mux reads; the rest belong to the inner transport. */
    public static final Set<String> PARAMETERS = Set.of("ping", "grace", "retry", "channels", "frame", "hwm", "rxlimit");

    public MuxSettings {
        requirePositive("ping interval", pingInterval);
        requirePositive("pong grace", pongGrace);
        requirePositive("retry after down", retryAfterDown);
        requireRange("channels", maxChannels, 1, MuxWire.CHANNEL_RANGE);
        requireRange("frame", maxFramePayload, 1, MuxWire.MAX_PAYLOAD);
        requireRange("hwm", channelHighWater, 1, Integer.MAX_VALUE);
        requireRange("rxlimit", channelReceiveLimit, 1, Integer.MAX_VALUE);
    }

    /** These settings with the mux parameters of {@code endpoint} applied. */
    public MuxSettings with(Endpoint endpoint) {
        Map<String, String> p = endpoint.params();
        String where = "endpoint '" + endpoint + "'";
        return new MuxSettings(
                duration(where, p, "ping", pingInterval),
                duration(where, p, "grace", pongGrace),
                duration(where, p, "retry", retryAfterDown),
                integer(where, p, "channels", maxChannels),
                integer(where, p, "frame", maxFramePayload),
                integer(where, p, "hwm", channelHighWater),
                integer(where, p, "rxlimit", channelReceiveLimit));
    }

    public MuxSettings withPing(Duration interval, Duration grace) {
        return new MuxSettings(interval, grace, retryAfterDown, maxChannels, maxFramePayload, channelHighWater,
                channelReceiveLimit);
    }

    public MuxSettings withRetryAfterDown(Duration retry) {
        return new MuxSettings(pingInterval, pongGrace, retry, maxChannels, maxFramePayload, channelHighWater,
                channelReceiveLimit);
    }

    public MuxSettings withMaxChannels(int channels) {
        return new MuxSettings(pingInterval, pongGrace, retryAfterDown, channels, maxFramePayload, channelHighWater,
                channelReceiveLimit);
    }

    public MuxSettings withMaxFramePayload(int frame) {
        return new MuxSettings(pingInterval, pongGrace, retryAfterDown, maxChannels, frame, channelHighWater,
                channelReceiveLimit);
    }

    public MuxSettings withChannelBuffers(int highWater, int receiveLimit) {
        return new MuxSettings(pingInterval, pongGrace, retryAfterDown, maxChannels, maxFramePayload, highWater,
                receiveLimit);
    }

    /** {@code endpoint} without the mux parameters: what the inner transport is given. */
    public static Endpoint stripParameters(Endpoint endpoint) {
        Map<String, String> rest = new LinkedHashMap<>(endpoint.params());
        rest.keySet().removeAll(PARAMETERS);
        return Endpoint.of(endpoint.scheme(), endpoint.address(), rest);
    }

    /** Parses {@code 250ms}, {@code 10s}, {@code 1m}. */
    static Duration parseDuration(String text) {
        String t = text.strip();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration such as 250ms, 10s or 1m");
    }

    private static Duration duration(String where, Map<String, String> p, String name, Duration fallback) {
        String v = p.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": parameter " + name + ": " + e.getMessage());
        }
    }

    private static int integer(String where, Map<String, String> p, String name, int fallback) {
        String v = p.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": parameter " + name + "='" + v + "' is not a number");
        }
    }

    private static void requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("mux " + what + " must be positive, not " + d);
        }
    }

    private static void requireRange(String what, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("mux " + what + " " + v + " is outside " + min + ".." + max);
        }
    }
}
