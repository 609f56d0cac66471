package dev.strand.transport.uart;

import dev.strand.api.Endpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A serial endpoint {@code uart:DEVICE?baud=N&flow=none|rtscts&poll=500ms}: the device path, its
 * speed (8N1, raw, as lws configures its UARTs), hardware flow control, and how often a listener
 * looks for a device that is absent. Immutable.
 *
 * @param device the device path ({@code /dev/ttyUSB0}); symbolic links are followed on each open
 * @param baud   bits per second, default 115200
 * @param rtsCts whether RTS/CTS hardware flow control is on ({@code flow=rtscts}), default off
 * @param poll   how often a listener retries an absent device, default 500 ms
 */
public record UartSettings(String device, int baud, boolean rtsCts, Duration poll) {

    public static final int DEFAULT_BAUD = 115_200;
    public static final Duration DEFAULT_POLL = Duration.ofMillis(500);
    private static final Set<String> PARAMETERS = Set.of("baud", "flow", "poll");

    public UartSettings {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("uart endpoint needs a device path");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("uart " + device + ": baud " + baud + " must be positive");
        }
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("uart " + device + ": poll " + poll + " must be positive");
        }
    }

    /** Reads a {@code uart:} endpoint; the message of any exception names what is wrong. */
    public static UartSettings of(Endpoint endpoint) {
        if (!endpoint.scheme().equals("uart")) {
            throw new IllegalArgumentException("the uart transport serves uart:DEVICE endpoints, not " + endpoint);
        }
        Map<String, String> p = endpoint.params();
        for (String name : p.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "': unknown uart parameter '" + name
                        + "' (known: baud, flow, poll)");
            }
        }
        int baud = DEFAULT_BAUD;
        if (p.containsKey("baud")) {
            try {
                baud = Integer.parseInt(p.get("baud"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "': baud '" + p.get("baud") + "' is not a number");
            }
        }
        String flow = p.getOrDefault("flow", "none");
        boolean rtsCts = switch (flow) {
            case "none" -> false;
            case "rtscts" -> true;
            default -> throw new IllegalArgumentException("endpoint '" + endpoint + "': flow '" + flow
                    + "' is neither none nor rtscts");
        };
        Duration poll = DEFAULT_POLL;
        if (p.containsKey("poll")) {
            poll = parseMillis(endpoint, p.get("poll"));
        }
        return new UartSettings(endpoint.address(), baud, rtsCts, poll);
    }

    /**
     * Unsent bytes above which a link reports itself not writable: about 100 ms of line time, at
     * least 4 KiB, so that the mux's PONGs never wait long behind data.
     */
    public int highWater() {
        return Math.max(4096, baud / 10 / 10);
    }

    private static Duration parseMillis(Endpoint endpoint, String v) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // the message below says what is wrong
        }
        throw new IllegalArgumentException("endpoint '" + endpoint + "': poll '" + v + "' is not a duration such as 500ms or 2s");
    }
}
