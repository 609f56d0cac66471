package dev.strand.secure.streams.proxy;

import dev.strand.api.Endpoint;
import dev.strand.core.net.sss.SssWire;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The proxy's settings as the container reads them (framework properties from
 * {@code conf/strand.properties}, which {@code strand proxy}'s flags override). Immutable.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@value #ENABLED}</td><td>{@code true} (default) starts the SS proxy with the container</td></tr>
 *   <tr><td>{@value #LISTEN}</td><td>comma-separated endpoints; default {@value #DEFAULT_LISTEN}.
 *       {@code tcp:PORT} (or {@code :PORT}) means {@code tcp:127.0.0.1:PORT}, {@code mux+tcp:PORT}
 *       {@code mux+tcp:127.0.0.1:PORT}; a serial port ({@code uart:/dev/ttyUSB0?baud=115200}) and
 *       {@code mux+...} endpoints are served over the transport mux</td></tr>
 *   <tr><td>{@value #POLICY}</td><td>a policy JSON file; empty (default) uses the embedded policy</td></tr>
 *   <tr><td>{@value #REQUIRED}</td><td>{@code true}: a proxy that cannot start fails the bundle (default {@code false})</td></tr>
 * </table>
 *
 * @param enabled   whether the container starts the proxy
 * @param endpoints where it listens
 * @param policy    the policy file, or empty for the embedded default policy
 */
public record ProxySettings(boolean enabled, List<Endpoint> endpoints, Optional<Path> policy) {

    /** Whether the container starts the proxy. */
    public static final String ENABLED = "strand.proxy.enabled";
    /** Where the proxy listens. */
    public static final String LISTEN = "strand.proxy.listen";
    /** The policy file. */
    public static final String POLICY = "strand.proxy.policy";
    /** Set by {@code strand proxy}: a proxy that cannot start fails the secure-streams bundle. */
    public static final String REQUIRED = "strand.proxy.required";
    /** lws's default proxy endpoint on Linux. */
    public static final String DEFAULT_LISTEN = SssWire.DEFAULT_PROXY_ADDRESS;

    private static final Pattern PORT_ONLY = Pattern.compile("(mux\\+tcp|tcp)?:(\\d{1,5})");

    public ProxySettings {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * Reads the keys above from {@code properties} (absent keys take their defaults).
     *
     * @throws IllegalArgumentException naming the key and what is wrong with its value
     */
    public static ProxySettings from(Function<String, String> properties) {
        String enabled = Optional.ofNullable(properties.apply(ENABLED)).orElse("true").strip();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException(ENABLED + " must be true or false, not '" + enabled + "'");
        }
        String listen = Optional.ofNullable(properties.apply(LISTEN)).orElse(DEFAULT_LISTEN);
        List<Endpoint> endpoints = new ArrayList<>();
        for (String part : listen.split(",")) {
            if (!part.isBlank()) {
                try {
                    endpoints.add(listenEndpoint(part));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(LISTEN + ": " + e.getMessage(), e);
                }
            }
        }
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException(LISTEN + " names no endpoint");
        }
        String policy = Optional.ofNullable(properties.apply(POLICY)).orElse("").strip();
        return new ProxySettings(enabled.equals("true"), endpoints,
                policy.isEmpty() ? Optional.empty() : Optional.of(Path.of(policy)));
    }

    /**
     * A listen endpoint in the endpoint grammar, where {@code tcp:PORT} and {@code :PORT} mean
     * {@code tcp:127.0.0.1:PORT}, and {@code mux+tcp:PORT} means {@code mux+tcp:127.0.0.1:PORT}: a
     * proxy listens on the loopback address unless told otherwise.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Endpoint listenEndpoint(String text) {
        String t = text.strip();
        var m = PORT_ONLY.matcher(t);
        if (m.matches()) {
            return Endpoint.parse((m.group(1) == null ? "tcp" : m.group(1)) + ":127.0.0.1:" + m.group(2));
        }
        return Endpoint.parse(t);
    }
}
