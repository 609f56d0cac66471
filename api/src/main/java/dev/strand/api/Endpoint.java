package dev.strand.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a link goes: one grammar for every command-line flag and configuration entry.
 *
 * <table>
 *   <caption>Forms</caption>
 *   <tr><td>{@code @name}, {@code unix:@name}</td><td>Linux abstract Unix socket (lws's default is {@code @proxy.ss.lws})</td></tr>
 *   <tr><td>{@code /path}, {@code unix:/path}</td><td>Unix socket on the file system</td></tr>
 *   <tr><td>{@code host:port}, {@code tcp:host:port}</td><td>TCP; IPv6 hosts in brackets</td></tr>
 *   <tr><td>{@code uart:DEVICE?baud=N&flow=none|rtscts}</td><td>a serial port</td></tr>
 *   <tr><td>{@code mux+tcp:host:port}</td><td>the transport mux layered over the inner endpoint</td></tr>
 *   <tr><td>{@code exec:COMMAND}</td><td>a child process's stdin/stdout; everything after the colon is the command</td></tr>
 *   <tr><td>{@code mem:name}</td><td>an in-JVM loopback link</td></tr>
 * </table>
 *
 * <p>The scheme selects a {@link dev.strand.api.transport.TransportOps}; the address and the
 * query parameters mean what that transport says. A scheme of the form {@code outer+inner}
 * layers one transport over another ({@link #inner()}). Instances are immutable values.
 */
public final class Endpoint {

    private final String scheme;
    private final String address;
    private final Map<String, String> params;

    private Endpoint(String scheme, String address, Map<String, String> params) {
        this.scheme = scheme;
        this.address = address;
        this.params = params;
    }

    /** An endpoint from its parts; {@code params} is copied. */
    public static Endpoint of(String scheme, String address, Map<String, String> params) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(address, "address");
        if (!isSchemeName(scheme)) {
            throw new IllegalArgumentException("endpoint scheme '" + scheme + "' is not a valid scheme name");
        }
        Endpoint e = new Endpoint(scheme.toLowerCase(java.util.Locale.ROOT), address,
                Collections.unmodifiableMap(new LinkedHashMap<>(params)));
        e.validate();
        return e;
    }

    /** An endpoint with no parameters. */
    public static Endpoint of(String scheme, String address) {
        return of(scheme, address, Map.of());
    }

    /**
     * Parses the endpoint grammar above.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Endpoint parse(String text) {
        Objects.requireNonNull(text, "endpoint");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("endpoint is empty");
        }
        if (t.startsWith("@") || t.startsWith("/")) {
            return of("unix", t);
        }
        if (looksLikeHostPort(t)) {
            return of("tcp", t);
        }
        int colon = t.indexOf(':');
        if (colon <= 0 || !isSchemeName(t.substring(0, colon))) {
            throw new IllegalArgumentException("endpoint '" + text
                    + "' is neither @name, /path, host:port nor scheme:address");
        }
        String scheme = t.substring(0, colon);
        String rest = t.substring(colon + 1);
        if (scheme.equalsIgnoreCase("exec")) {
            return of(scheme, rest);
        }
        int q = rest.indexOf('?');
        if (q < 0) {
            return of(scheme, rest);
        }
        return of(scheme, rest.substring(0, q), parseQuery(text, rest.substring(q + 1)));
    }

    /** The scheme, lower case: {@code unix}, {@code tcp}, {@code uart}, {@code mux+tcp}, ... */
    public String scheme() {
        return scheme;
    }

    /** Everything between the scheme and the query. */
    public String address() {
        return address;
    }

    /** The query parameters, in the order given. */
    public Map<String, String> params() {
        return params;
    }

    /** One query parameter. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** Whether the scheme layers one transport over another, as in {@code mux+tcp}. */
    public boolean isLayered() {
        return scheme.indexOf('+') > 0;
    }

    /** For {@code mux+tcp:h:p}, {@code mux}; otherwise the scheme itself. */
    public String outerScheme() {
        int plus = scheme.indexOf('+');
        return plus > 0 ? scheme.substring(0, plus) : scheme;
    }

    /** For {@code mux+tcp:h:p}, the endpoint {@code tcp:h:p}; otherwise this endpoint. */
    public Endpoint inner() {
        int plus = scheme.indexOf('+');
        return plus > 0 ? new Endpoint(scheme.substring(plus + 1), address, params) : this;
    }

    /** For a Unix endpoint: whether it names the Linux abstract namespace ({@code @name}). */
    public boolean isAbstractUnix() {
        return scheme.equals("unix") && address.startsWith("@");
    }

    /** For a TCP endpoint: the host, without IPv6 brackets. */
    public String host() {
        requireHostPort();
        String h = address.substring(0, address.lastIndexOf(':'));
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** For a TCP endpoint: the port, 0..65535 (0 asks a listener for any free port). */
    public int port() {
        requireHostPort();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private void requireHostPort() {
        if (!looksLikeHostPort(address)) {
            throw new IllegalStateException("endpoint " + this + " has no host:port address");
        }
    }

    private void validate() {
        String base = outerScheme().equals(scheme) ? scheme : inner().scheme;
        if (base.equals("tcp")) {
            if (!looksLikeHostPort(address)) {
                throw new IllegalArgumentException("endpoint '" + this + "': TCP needs host:port");
            }
            long port = Long.parseLong(address.substring(address.lastIndexOf(':') + 1));
            if (port > 65535) {
                throw new IllegalArgumentException("endpoint '" + this + "': port " + port
                        + " is outside 0..65535");
            }
        } else if (base.equals("unix")) {
            if (!(address.startsWith("@") || address.startsWith("/"))) {
                throw new IllegalArgumentException("endpoint '" + this
                        + "': a Unix socket is @name (abstract) or /path");
            }
            if (address.length() < 2) {
                throw new IllegalArgumentException("endpoint '" + this + "': empty Unix socket name");
            }
        } else if (address.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + this + "' has an empty address");
        }
    }

    private static boolean looksLikeHostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1 || s.length() - colon > 6) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[")) {
            return host.endsWith("]") && host.length() > 2;
        }
        return host.indexOf(':') < 0 && host.indexOf('/') < 0 && host.indexOf('@') < 0;
    }

    private static boolean isSchemeName(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return !s.endsWith("+");
    }

    private static Map<String, String> parseQuery(String text, String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("endpoint '" + text + "': parameter '" + pair
                        + "' is not name=value");
            }
            String name = pair.substring(0, eq);
            if (out.put(name, pair.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("endpoint '" + text + "': parameter '" + name
                        + "' is given twice");
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && scheme.equals(e.scheme) && address.equals(e.address)
                && params.equals(e.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, address, params);
    }

    /** The canonical text form: {@code scheme:address[?k=v&...]}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme).append(':').append(address);
        char sep = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            sb.append(sep).append(p.getKey()).append('=').append(p.getValue());
            sep = '&';
        }
        return sb.toString();
    }
}
