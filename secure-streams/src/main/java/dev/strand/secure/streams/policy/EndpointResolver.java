package dev.strand.secure.streams.policy;

/**
 * Turns an expanded {@code endpoint} string into a {@link ConnectTarget}, following lws's
 * {@code _lws_ss_client_connect} and {@code lws_parse_uri}; the rules are listed on
 * {@link ConnectTarget}. Stateless.
 */
final class EndpointResolver {

    private EndpointResolver() {
    }

    /**
     * @param endpoint    the endpoint after substitution
     * @param httpUrl     the {@code http_url} after substitution, or {@code null}
     * @throws IllegalArgumentException naming what is wrong with {@code endpoint}
     */
    static ConnectTarget resolve(StreamType st, String endpoint, String httpUrl) {
        if (endpoint.isEmpty()) {
            throw new IllegalArgumentException("the endpoint is empty");
        }
        if (endpoint.startsWith("file://")) {
            String file = endpoint.substring("file://".length());
            if (file.isEmpty()) {
                throw new IllegalArgumentException("\"" + endpoint + "\" names no file");
            }
            return new ConnectTarget(ConnectTarget.Kind.FILE, file, 0, false, requestPath(httpUrl), st.protocol(),
                    st.trustStore());
        }
        boolean tls = st.tls();
        int port = st.port();
        String rest = endpoint;
        boolean url = false;
        int sep = endpoint.indexOf("://");
        if (sep >= 0) {
            url = true;
            String scheme = endpoint.substring(0, sep);
            rest = endpoint.substring(sep + 3);
            switch (scheme) {
                case "http", "ws" -> {
                    tls = false;
                    port = 80;
                }
                case "https", "wss" -> {
                    tls = true;
                    port = 443;
                }
                case "mqtt" -> tls = false;
                default -> throw new IllegalArgumentException("\"" + endpoint + "\" has the URL scheme \"" + scheme
                        + "\"; expected http, https, ws, wss, mqtt or file");
            }
        }
        if (rest.startsWith("+")) {
            return unixTarget(st, endpoint, rest, url, tls, httpUrl);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String urlPath = slash < 0 ? (url ? "" : null) : rest.substring(slash + 1);
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("\"" + endpoint + "\" has an unclosed IPv6 bracket");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("\"" + endpoint + "\" has text after the IPv6 address");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            if (colon >= 0) {
                portText = authority.substring(colon + 1);
                if (portText.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("\"" + endpoint + "\": an IPv6 address needs brackets, [addr]:port");
                }
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("\"" + endpoint + "\" names no host");
        }
        if (portText != null) {
            port = parsePort(endpoint, portText);
        }
        String path = requestPath(urlPath != null ? urlPath : httpUrl);
        return new ConnectTarget(ConnectTarget.Kind.TCP, host, port, tls, path, st.protocol(), st.trustStore());
    }

    private static ConnectTarget unixTarget(StreamType st, String endpoint, String rest, boolean url, boolean tls,
                                            String httpUrl) {
        String socket = rest.substring(1);
        String urlPath = null;
        if (url) {
            int colon = socket.indexOf(':');
            if (colon >= 0) {
                String after = socket.substring(colon + 1);
                socket = socket.substring(0, colon);
                int slash = after.indexOf('/');
                parsePort(endpoint, slash < 0 ? after : after.substring(0, slash));
                urlPath = slash < 0 ? "" : after.substring(slash + 1);
            } else {
                urlPath = "";
            }
        }
        if (!(socket.startsWith("/") || socket.startsWith("@")) || socket.length() < 2) {
            throw new IllegalArgumentException("\"" + endpoint
                    + "\": a Unix socket endpoint is +/path (file system) or +@name (abstract)");
        }
        return new ConnectTarget(ConnectTarget.Kind.UNIX, socket, 0, tls, requestPath(urlPath != null ? urlPath : httpUrl),
                st.protocol(), st.trustStore());
    }

    private static int parsePort(String endpoint, String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("\"" + endpoint + "\" has the port \"" + text + "\"; expected 0..65535");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new IllegalArgumentException("\"" + endpoint + "\" has the port " + port + "; expected 0..65535");
        }
        return port;
    }

    /** {@code "x"}, {@code "/x"} become {@code "/x"}; nothing becomes {@code "/"}. Same for every protocol. */
    static String requestPath(String base) {
        if (base == null || base.isEmpty()) {
            return "/";
        }
        return base.startsWith("/") ? base : "/" + base;
    }
}
