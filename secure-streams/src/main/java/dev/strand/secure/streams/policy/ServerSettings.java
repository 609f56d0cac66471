package dev.strand.secure.streams.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The listener keys of a {@code server} streamtype. Immutable.
 *
 * @param certificate {@code server_cert}: a certs entry holding the server certificate
 * @param key         {@code server_key}: a certs entry holding the server's private key (DER)
 * @param options     {@code options}: per-vhost protocol options, name to value, in policy order
 */
public record ServerSettings(Optional<PolicyCert> certificate, Optional<PolicyCert> key, Map<String, String> options) {

    public ServerSettings {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
