package dev.strand.examples.binance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two policies (lws JSON schema) that give streamtype {@value BinanceClient#STREAMTYPE} a feed.
 * Both define it as lws's binance example does (WebSocket over TLS, nailed up, read-prioritised,
 * retry 1..5 s forever, path {@value #STREAM_PATH}); they differ in where it goes and whom it
 * trusts:
 *
 * <ul>
 *   <li>{@link #live()}: {@value #LIVE_HOST}:443, Binance's USDⓈ-M futures combined stream,
 *       trusting DigiCert Global Root G2 alone (the root its chain ends in, as in lws's refreshed
 *       example policy). The certificate is put in at build time from the build JDK's trust store.</li>
 *   <li>{@link #localFeed}: a local wss feed, trusting only the CA that made the feed's certificate.</li>
 * </ul>
 *
 * Neither trusts anything else, and neither turns verification off.
 */
public final class BinancePolicies {

    /** The shipped live policy, a resource in this package. */
    public static final String LIVE_RESOURCE = "binance-live-policy.json";
    /** Binance's futures stream host. */
    public static final String LIVE_HOST = "fstream.binance.com";
    /** The combined stream lws's example subscribes to (no leading slash, as lws HEAD). */
    public static final String STREAM_PATH = "stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker/btcusdt@aggTrade";

    private BinancePolicies() {
    }

    /** The live policy's JSON text. */
    public static String live() {
        try (InputStream in = BinancePolicies.class.getResourceAsStream(LIVE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its live policy " + LIVE_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the live policy " + LIVE_RESOURCE, e);
        }
    }

    /**
     * A policy whose {@value BinanceClient#STREAMTYPE} goes to a local wss feed at {@code host}:{@code port},
     * whose certificate (issued for {@code host}) chains to the CA {@code caDerBase64}.
     *
     * @param host        an IP literal or host name the feed's certificate names
     * @param port        the feed's TCP port
     * @param caDerBase64 the CA certificate, base64 DER (as policies hold certificates)
     * @throws IllegalArgumentException if the host or the base64 text holds characters they cannot
     */
    public static String localFeed(String host, int port, String caDerBase64) {
        if (!host.matches("[A-Za-z0-9.:-]+")) {
            throw new IllegalArgumentException("feed host '" + host + "' is not a host name or IP literal");
        }
        if (!caDerBase64.matches("[A-Za-z0-9+/=]+")) {
            throw new IllegalArgumentException("the CA certificate is not base64 text");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("feed port " + port + " is not 1..65535");
        }
        return """
                {
                  "release": "strand-binance-local-feed-1",
                  "product": "strand",
                  "schema-version": 1,
                  "retry": [
                    { "forever": { "backoff": [1000, 2000, 3000, 4000, 5000], "conceal": 65535, "jitterpc": 20,
                                   "svalidping": 30, "svalidhup": 35 } }
                  ],
                  "certs": [
                    { "local_feed_ca": "%s" }
                  ],
                  "trust_stores": [
                    { "name": "local_feed", "stack": ["local_feed_ca"] }
                  ],
                  "s": [
                    { "binance": {
                        "endpoint": "%s", "port": %d, "protocol": "ws",
                        "http_url": "%s",
                        "tls": true, "tls_trust_store": "local_feed",
                        "nailed_up": true, "ws_prioritize_reads": true, "retry": "forever"
                    }}
                  ]
                }
                """.formatted(caDerBase64, host, port, STREAM_PATH);
    }
}
