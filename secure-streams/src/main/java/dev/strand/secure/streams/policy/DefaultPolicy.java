package dev.strand.secure.streams.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The policy embedded in the jar ({@value #RESOURCE} in this package), used when none is given.
 * It is sized for Strand's local demo and tests and needs no Internet: every streamtype goes to
 * 127.0.0.1 on a fixed port named below, where the demo (or a test) runs the matching origin.
 *
 * <table>
 *   <caption>Streamtypes</caption>
 *   <tr><th>name</th><th>what</th></tr>
 *   <tr><td>{@value #ECHO}</td><td>raw TCP to 127.0.0.1:{@value #ECHO_PORT}, an echo origin; metadata
 *       {@code xtag} (carried, unused by raw); {@code client_buflen} 4096, {@code timeout_ms} 5000. The
 *       same settings as spec/wire.md §1.7.1's capture, so golden traffic replays against it.</td></tr>
 *   <tr><td>{@value #MINTEST}</td><td>h1 GET {@code /index.html?uptag=${uptag}} on
 *       127.0.0.1:{@value #HTTP_ORIGIN_PORT}; metadata {@code uptag} (x-upload-tag), {@code ctype}
 *       (content-type), {@code srv} (server), {@code test} (x-test); opportunistic. The streamtype
 *       lws's minimal-secure-streams client uses.</td></tr>
 *   <tr><td>{@value #MINPOST}</td><td>h1 POST {@code /testserver/formtest} on the same origin; metadata
 *       {@code ctype}; opportunistic. lws's http-post client.</td></tr>
 *   <tr><td>{@value #WS_ECHO}</td><td>ws to 127.0.0.1:{@value #WS_ORIGIN_PORT} path {@code /}, binary frames
 *       off; opportunistic. lws's ws-echo client.</td></tr>
 *   <tr><td>{@value #BINANCE}</td><td>ws to 127.0.0.1:{@value #FEED_PORT} path
 *       {@code /stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker/btcusdt@aggTrade}, nailed up,
 *       retrying forever: the binance example's streamtype pointed at a local feed without TLS.</td></tr>
 *   <tr><td>{@value #LWS_DEFAULT}</td><td>lws HEAD's built-in fallback: GET of whatever URL the application
 *       puts in metadata {@code endpoint} (TLS to port 443 unless the URL says otherwise); h1,
 *       redirects allowed, 2 s timeout. Reaches the Internet only if the application asks.</td></tr>
 * </table>
 *
 * <p>Retry schemes: {@value #RETRY_DEFAULT} is the lws proxy's bootstrap scheme (1, 2, 3, 5, 10 s,
 * conceal 5, jitter 20%, validity ping 30 s, hangup 35 s); {@value #RETRY_FOREVER} is the binance
 * example's (1..5 s, never gives up).
 */
public final class DefaultPolicy {

    /** The resource name, relative to this package. */
    public static final String RESOURCE = "default-policy.json";

    /** Raw echo streamtype. */
    public static final String ECHO = "echo";
    /** h1 GET streamtype. */
    public static final String MINTEST = "mintest";
    /** h1 POST streamtype. */
    public static final String MINPOST = "minpost";
    /** WebSocket echo streamtype. */
    public static final String WS_ECHO = "sx_ws_echo";
    /** WebSocket market-feed streamtype. */
    public static final String BINANCE = "binance";
    /** lws's built-in fallback streamtype. */
    public static final String LWS_DEFAULT = "__default";

    /** The retry scheme most streamtypes use. */
    public static final String RETRY_DEFAULT = "default";
    /** The retry scheme that never gives up. */
    public static final String RETRY_FOREVER = "forever";

    /** TCP port of the demo's echo origin ({@value #ECHO}). */
    public static final int ECHO_PORT = 17777;
    /** TCP port of the demo's HTTP/1.1 origin ({@value #MINTEST}, {@value #MINPOST}). */
    public static final int HTTP_ORIGIN_PORT = 18080;
    /** TCP port of the demo's WebSocket echo origin ({@value #WS_ECHO}). */
    public static final int WS_ORIGIN_PORT = 18081;
    /** TCP port of the demo's local market feed ({@value #BINANCE}). */
    public static final int FEED_PORT = 18082;

    private DefaultPolicy() {
    }

    /** The embedded policy, loaded once. */
    public static Policy policy() {
        return Holder.POLICY;
    }

    private static final class Holder {
        static final Policy POLICY = loadResource();
    }

    private static Policy loadResource() {
        try (InputStream in = DefaultPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its embedded policy " + RESOURCE);
            }
            return PolicyLoader.load(in, "embedded:" + RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded policy " + RESOURCE, e);
        } catch (PolicyException e) {
            throw new IllegalStateException("the embedded policy is invalid: " + e.getMessage(), e);
        }
    }
}
