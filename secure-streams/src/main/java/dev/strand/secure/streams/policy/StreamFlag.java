package dev.strand.secure.streams.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The boolean streamtype keys that lws keeps as {@code LWSSSPOLF_*} flag bits. A flag is set by
 * {@code true}; {@code false} is the same as leaving the key out. (lws only ever ORs these in, so
 * an overlay cannot clear them; Strand has no overlays, so the difference does not arise.)
 */
public enum StreamFlag {
    /** Connect when the stream is created and keep reconnecting. */
    NAILED_UP("nailed_up"),
    /** Connect only when the application asks; no automatic reconnect after a close. */
    OPPORTUNISTIC("opportunistic"),
    /** Follow HTTP redirects (the default is to refuse them). */
    ALLOW_REDIRECTS("allow_redirects"),
    /** h2: after the headers the stream becomes an rx-only long poll. */
    LONG_POLL("long_poll"),
    /** ws: the event loop favours reads on this connection. */
    WS_PRIORITIZE_READS("ws_prioritize_reads"),
    /** Collect connection timing and deliver it as {@code PERF_JSON} rx. */
    PERF("perf"),
    /** Metadata names not in the policy are used as literal HTTP header names (not through a proxy). */
    DIRECT_PROTO_STR("direct_proto_str"),
    /** Streams of this type are served by an in-process sink, not the network. */
    LOCAL_SINK("local_sink"),
    /** The streamtype describes a listener, not a client. */
    SERVER("server"),
    /** Validity checks of this streamtype may wake the system from suspend. */
    SWAKE_VALIDITY("swake_validity"),
    /** IP ToS: low latency. */
    ATTR_LOW_LATENCY("attr_low_latency"),
    /** IP ToS: high throughput. */
    ATTR_HIGH_THROUGHPUT("attr_high_throughput"),
    /** IP ToS: high reliability. */
    ATTR_HIGH_RELIABILITY("attr_high_reliability"),
    /** IP ToS: low cost. */
    ATTR_LOW_COST("attr_low_cost"),
    /** HTTP: never send {@code content-length}. */
    HTTP_NO_CONTENT_LENGTH("http_no_content_length"),
    /** HTTP: send the body form-urlencoded. */
    HTTP_WWW_FORM_URLENCODED("http_www_form_urlencoded"),
    /** HTTP: split an inbound multipart body into SOM/EOM parts. */
    HTTP_MULTIPART_SS_IN("http_multipart_ss_in"),
    /** HTTP: keep a cookie jar. */
    HTTP_COOKIES("http_cookies"),
    /** h2 workaround for nghttp2 END_STREAM handling. */
    NGHTTP2_QUIRK_END_STREAM("nghttp2_quirk_end_stream"),
    /** h2 workaround for servers that overflow the tx credit window. */
    H2Q_OFLOW_TXCR("h2q_oflow_txcr"),
    /** Parsed by lws, read by nothing (inert). */
    URGENT_TX("urgent_tx"),
    /** Parsed by lws, read by nothing (inert). */
    URGENT_RX("urgent_rx");

    private final String key;

    StreamFlag(String key) {
        this.key = key;
    }

    /** The policy key. */
    public String key() {
        return key;
    }

    /** The flag whose policy key is {@code key}. */
    public static Optional<StreamFlag> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
