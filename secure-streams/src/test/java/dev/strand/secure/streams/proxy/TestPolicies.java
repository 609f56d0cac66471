package dev.strand.secure.streams.proxy;

import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyException;
import dev.strand.secure.streams.policy.PolicyLoader;

/** Policies for proxy tests, pointed at a test's own origin. */
final class TestPolicies {

    private TestPolicies() {
    }

    /**
     * {@code echo} (raw to 127.0.0.1:{@code port}, metadata {@code xtag}, retry {@code quick}),
     * {@code nailed} (the same, nailed up), {@code lazy} (the same, opportunistic), {@code once}
     * (no retry entry: the first failure is final), {@code slow} (the same as echo, with
     * proxy_buflen 8192 and watermarks 4096/1024) and {@code broker} (mqtt, which the proxy cannot carry).
     * {@code quick} retries after 100 then 200 ms, conceals 3 failures, jitter 1%.
     */
    static Policy echo(int port) {
        String raw = "\"endpoint\": \"127.0.0.1\", \"port\": " + port + ", \"protocol\": \"raw\", "
                + "\"metadata\": [ { \"xtag\": \"x-tag:\" } ], \"timeout_ms\": 300";
        String json = "{ \"retry\": [ { \"quick\": { \"backoff\": [100, 200], \"conceal\": 3, \"jitterpc\": 1 } } ],\n"
                + "  \"s\": [\n"
                + "    { \"echo\": { " + raw + ", \"retry\": \"quick\", \"client_buflen\": 4096 } },\n"
                + "    { \"nailed\": { " + raw + ", \"retry\": \"quick\", \"nailed_up\": true } },\n"
                + "    { \"lazy\": { " + raw + ", \"retry\": \"quick\", \"opportunistic\": true } },\n"
                + "    { \"once\": { " + raw + " } },\n"
                + "    { \"slow\": { " + raw + ", \"retry\": \"quick\", \"proxy_buflen\": 8192,"
                + " \"proxy_buflen_rxflow_on_above\": 4096, \"proxy_buflen_rxflow_off_below\": 1024 } },\n"
                + "    { \"broker\": { \"endpoint\": \"127.0.0.1\", \"port\": " + port + ", \"protocol\": \"mqtt\" } }\n"
                + "  ] }";
        try {
            return PolicyLoader.load(json);
        } catch (PolicyException e) {
            throw new IllegalStateException(e);
        }
    }
}
