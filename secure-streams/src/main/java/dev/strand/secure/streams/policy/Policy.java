package dev.strand.secure.streams.policy;

import dev.strand.core.net.retry.RetryPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A loaded Secure Streams policy: the top-level labels, the named retry schemes, certificates,
 * trust stores, auth schemes, metrics policies and streamtypes, in policy order, plus what the
 * loader warned about. Made by {@link PolicyLoader}. Immutable and safe to share between loops;
 * all lookups are by exact name.
 */
public final class Policy {

    private final String source;
    private final Optional<String> release;
    private final Optional<String> product;
    private final OptionalInt schemaVersion;
    private final Optional<String> viaSocks5;
    private final Map<String, RetryPolicy> retrySchemes;
    private final Map<String, PolicyCert> certs;
    private final Map<String, TrustStore> trustStores;
    private final Map<String, AuthScheme> auth;
    private final List<MetricsPolicy> metrics;
    private final Map<String, StreamType> streamTypes;
    private final Map<String, List<String>> rideshareLists;
    private final List<PolicyWarning> warnings;

    Policy(String source, Optional<String> release, Optional<String> product, OptionalInt schemaVersion,
           Optional<String> viaSocks5, Map<String, RetryPolicy> retrySchemes, Map<String, PolicyCert> certs,
           Map<String, TrustStore> trustStores, Map<String, AuthScheme> auth, List<MetricsPolicy> metrics,
           Map<String, StreamType> streamTypes, Map<String, List<String>> rideshareLists,
           List<PolicyWarning> warnings) {
        this.source = Objects.requireNonNull(source, "source");
        this.release = release;
        this.product = product;
        this.schemaVersion = schemaVersion;
        this.viaSocks5 = viaSocks5;
        this.retrySchemes = frozen(retrySchemes);
        this.certs = frozen(certs);
        this.trustStores = frozen(trustStores);
        this.auth = frozen(auth);
        this.metrics = List.copyOf(metrics);
        this.streamTypes = frozen(streamTypes);
        this.rideshareLists = frozen(rideshareLists);
        this.warnings = List.copyOf(warnings);
    }

    private static <V> Map<String, V> frozen(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** Where the policy came from: a file path, {@code <string>}, or the name given with a stream. */
    public String source() {
        return source;
    }

    /** {@code release}: a version label, not checked. */
    public Optional<String> release() {
        return release;
    }

    /** {@code product}: a product label, not checked. */
    public Optional<String> product() {
        return product;
    }

    /** {@code schema-version}, not checked. */
    public OptionalInt schemaVersion() {
        return schemaVersion;
    }

    /** The global {@code via-socks5} proxy ({@code host:port}) for all client traffic. */
    public Optional<String> viaSocks5() {
        return viaSocks5;
    }

    /** {@code retry}: the backoff schemes by name, in policy order. */
    public Map<String, RetryPolicy> retrySchemes() {
        return retrySchemes;
    }

    /** {@code certs}: certificates (and server keys) by name, in policy order. */
    public Map<String, PolicyCert> certs() {
        return certs;
    }

    /** {@code trust_stores} by name, in policy order. */
    public Map<String, TrustStore> trustStores() {
        return trustStores;
    }

    /** {@code auth} schemes by name, in policy order. */
    public Map<String, AuthScheme> auth() {
        return auth;
    }

    /** {@code metrics} policies, in policy order. */
    public List<MetricsPolicy> metrics() {
        return metrics;
    }

    /** {@code s}: the streamtypes by name, in policy order. */
    public Map<String, StreamType> streamTypes() {
        return streamTypes;
    }

    /** The streamtype called exactly {@code name}. */
    public Optional<StreamType> streamType(String name) {
        return Optional.ofNullable(streamTypes.get(name));
    }

    /**
     * What an SS proxy puts in CREATE_RESULT for a stream of {@code streamType}: its own name first,
     * then each {@code rideshare} streamtype down the chain (at most
     * {@link dev.strand.core.net.sss.SssWire#MAX_RIDESHARE_COMMAS} names in all; the loader checks).
     *
     * @throws IllegalArgumentException if the policy has no such streamtype
     */
    public List<String> rideshareList(String streamType) {
        List<String> list = rideshareLists.get(streamType);
        if (list == null) {
            throw new IllegalArgumentException("no streamtype '" + streamType + "' in policy " + source);
        }
        return list;
    }

    /** What the loader found suspicious: unknown keys, inert keys, settings without effect. */
    public List<PolicyWarning> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "Policy[" + source + ": " + streamTypes.size() + " streamtypes, " + retrySchemes.size()
                + " retry schemes, " + trustStores.size() + " trust stores]";
    }
}
