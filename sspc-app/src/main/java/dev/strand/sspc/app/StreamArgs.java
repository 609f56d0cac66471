package dev.strand.sspc.app;

import dev.strand.api.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line of one stdio stream ({@code strand ss}, {@code sspc}):
 * {@code STREAMTYPE [--proxy ENDPOINT] [--connect] [--timeout-ms N] [--metadata name=value]... [--stats]}.
 * Immutable.
 *
 * @param streamType the streamtype to create
 * @param proxy      where the proxy is, in the endpoint grammar ({@code uart:/dev/ttyUSB0?baud=115200},
 *                   {@code mux+tcp:host:port}, {@code @proxy.ss.lws}, ...)
 * @param connect    whether to ask for the onward connection at once rather than with the first data
 * @param timeoutMs  the stream timeout armed once stdin has ended and all is sent (0: the policy's)
 * @param metadata   metadata to set on creation, in order
 * @param stats      whether to report, at the first CONNECTED, the time since launch and the heap in use
 */
public record StreamArgs(String streamType, Endpoint proxy, boolean connect, int timeoutMs,
                         Map<String, byte[]> metadata, boolean stats) {

    /** The usage line, after the program name. */
    public static final String USAGE =
            "STREAMTYPE [--proxy ENDPOINT] [--connect] [--timeout-ms N] [--metadata name=value]... [--stats]";

    public StreamArgs {
        Objects.requireNonNull(streamType, "streamType");
        Objects.requireNonNull(proxy, "proxy");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Reads {@code args}; {@code defaultProxy} is used without {@code --proxy} (if {@code null},
     * {@code --proxy} is required).
     *
     * @throws IllegalArgumentException saying what is wrong, for a usage message
     */
    public static StreamArgs parse(List<String> args, Endpoint defaultProxy) {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new IllegalArgumentException("needs a STREAMTYPE first, e.g. echo");
        }
        String streamType = args.get(0);
        Endpoint proxy = defaultProxy;
        boolean connect = false;
        boolean stats = false;
        int timeoutMs = 1000;
        Map<String, byte[]> metadata = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--proxy" -> proxy = Endpoint.parse(value(args, ++i, a));
                case "--connect" -> connect = true;
                case "--stats" -> stats = true;
                case "--timeout-ms" -> {
                    try {
                        timeoutMs = Integer.parseInt(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--timeout-ms takes a whole number of milliseconds");
                    }
                    if (timeoutMs < 0) {
                        throw new IllegalArgumentException("--timeout-ms must not be negative");
                    }
                }
                case "--metadata" -> {
                    String nv = value(args, ++i, a);
                    int eq = nv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--metadata takes name=value, not '" + nv + "'");
                    }
                    metadata.put(nv.substring(0, eq), nv.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (proxy == null) {
            throw new IllegalArgumentException("needs --proxy ENDPOINT, e.g. --proxy 'uart:/dev/ttyUSB0?baud=115200'");
        }
        return new StreamArgs(streamType, proxy, connect, timeoutMs, metadata, stats);
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }
}
