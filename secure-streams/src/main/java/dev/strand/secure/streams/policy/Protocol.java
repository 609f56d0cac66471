package dev.strand.secure.streams.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The wire protocol a streamtype speaks onward: the policy key {@code protocol}. The default (an
 * absent key) is {@link #H1}, as lws's zero-filled struct makes it. {@code h3} is lws HEAD only.
 */
public enum Protocol {
    H1("h1", List.of("http/1.1")),
    H2("h2", List.of("h2", "http/1.1")),
    H3("h3", List.of("h3")),
    WS("ws", List.of("http/1.1")),
    MQTT("mqtt", List.of("x-amzn-mqtt-ca")),
    RAW("raw", List.of());

    private final String policyName;
    private final List<String> alpn;

    Protocol(String policyName, List<String> alpn) {
        this.policyName = policyName;
        this.alpn = alpn;
    }

    /** The name used in the policy: {@code h1}, {@code ws}, ... */
    public String policyName() {
        return policyName;
    }

    /** The ALPN names lws offers for this protocol over TLS ({@code ss_pcols[].alpn}), preferred first. */
    public List<String> alpn() {
        return alpn;
    }

    /** The protocol called {@code name} in a policy; names are exact and lower case, as in lws. */
    public static Optional<Protocol> byPolicyName(String name) {
        return Arrays.stream(values()).filter(p -> p.policyName.equals(name)).findFirst();
    }
}
