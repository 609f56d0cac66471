package dev.strand.secure.streams.policy;

import dev.strand.core.net.retry.RetryPolicy;
import dev.strand.core.net.sss.SssWire;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a {@link PolicyDraft} into a {@link Policy}: resolves every reference by exact name,
 * requires it to be defined before its use (as lws does) and says where when it is not, and checks
 * what only makes sense across keys: ws without {@code http_method}, a TLS server with its cert
 * and key, {@code ${meta}} names that are declared, rideshare chains that end and fit a proxy
 * link, endpoints that parse. One per load.
 */
final class PolicyLinker {

    private final PolicyDraft draft;
    private final String source;
    private final Map<String, PolicyCert> certs = new LinkedHashMap<>();
    private final Map<String, TrustStore> trustStores = new LinkedHashMap<>();
    private final Set<String> certsUsedAsKeys = new HashSet<>();

    PolicyLinker(PolicyDraft draft, String source) {
        this.draft = draft;
        this.source = source;
    }

    Policy link() throws PolicyException {
        Map<String, RetryPolicy> retries = new LinkedHashMap<>();
        draft.retries.forEach((name, r) -> retries.put(name, r.policy()));
        draft.certs.forEach((name, c) -> certs.put(name, new PolicyCert(name, c.der(), c.certificate())));
        for (PolicyDraft.TrustStoreDraft ts : draft.trustStores.values()) {
            trustStores.put(ts.name(), trustStore(ts));
        }
        Map<String, AuthScheme> auth = new LinkedHashMap<>();
        draft.auth.forEach((name, a) -> auth.put(name, a.scheme()));
        Map<String, StreamType> streamTypes = new LinkedHashMap<>();
        for (StreamTypeDraft d : draft.streamTypes.values()) {
            streamTypes.put(d.name, streamType(d));
        }
        Map<String, List<String>> rideshareLists = new LinkedHashMap<>();
        for (StreamTypeDraft d : draft.streamTypes.values()) {
            rideshareLists.put(d.name, rideshareList(d));
        }
        checkCertsAreUsable();
        warnAboutAuthStreamTypes();
        return new Policy(source, Optional.ofNullable(draft.release), Optional.ofNullable(draft.product),
                draft.schemaVersion == null ? OptionalInt.empty() : OptionalInt.of(draft.schemaVersion),
                Optional.ofNullable(draft.viaSocks5), retries, certs, trustStores, auth, draft.metrics, streamTypes,
                rideshareLists, draft.warnings);
    }

    private TrustStore trustStore(PolicyDraft.TrustStoreDraft ts) throws PolicyException {
        List<PolicyCert> stack = new ArrayList<>();
        for (PolicyDraft.Ref ref : ts.stack()) {
            PolicyDraft.CertDraft cert = definedBefore(draft.certs, ref, "cert", "certs",
                    "the trust stores that use them", PolicyDraft.CertDraft::pos);
            if (cert.certificate() == null) {
                throw ref.pos().error(source, "cert \"" + ref.name() + "\" (at " + cert.pos().lineAndColumn()
                        + ") is not an X.509 certificate: " + cert.notCertificateReason());
            }
            stack.add(certs.get(cert.name()));
        }
        return new TrustStore(ts.name(), stack);
    }

    /**
     * The definition {@code ref} names, which must exist (exact name) and come before the reference.
     */
    private <T> T definedBefore(Map<String, T> defined, PolicyDraft.Ref ref, String what, String section,
                                String users, Function<T, SourcePos> posOf) throws PolicyException {
        T found = defined.get(ref.name());
        if (found == null) {
            throw ref.pos().error(source, what + " \"" + ref.name() + "\" is not defined"
                    + knownNames(defined.keySet(), section) + prefixNote(ref.name(), defined.keySet()));
        }
        SourcePos at = posOf.apply(found);
        if (!at.isBefore(ref.pos())) {
            throw ref.pos().error(source, what + " \"" + ref.name() + "\" is defined at " + at.lineAndColumn()
                    + ", after this use; lws needs " + section + " defined before " + users);
        }
        return found;
    }

    private static String knownNames(Set<String> names, String section) {
        return names.isEmpty() ? "; the policy has no " + section
                : "; " + section + " defines " + String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    /** lws compares only the length of the reference, so a short name matched a longer one. */
    private static String prefixNote(String name, Set<String> names) {
        return names.stream().filter(n -> n.startsWith(name)).findFirst()
                .map(n -> " (lws would have matched \"" + n + "\" by prefix; names here match exactly)").orElse("");
    }

    private StreamType streamType(StreamTypeDraft d) throws PolicyException {
        RetryPolicy retry = RetryPolicy.NONE;
        if (d.retryName != null) {
            retry = definedBefore(draft.retries, ref(d, "retry", d.retryName), "retry scheme", "retry schemes",
                    "the streamtypes that use them", PolicyDraft.RetryDraft::pos).policy();
        }
        TrustStore trustStore = null;
        if (d.trustStoreName != null) {
            PolicyDraft.TrustStoreDraft ts = definedBefore(draft.trustStores, ref(d, "tls_trust_store", d.trustStoreName),
                    "trust store", "trust stores", "the streamtypes that use them", PolicyDraft.TrustStoreDraft::pos);
            trustStore = trustStores.get(ts.name());
        }
        AuthScheme auth = null;
        if (d.useAuth != null) {
            auth = definedBefore(draft.auth, ref(d, "use_auth", d.useAuth), "auth", "auth entries",
                    "the streamtypes that use them", PolicyDraft.AuthDraft::pos).scheme();
        }
        PolicyCert serverCert = d.serverCert == null ? null : serverCert(d);
        PolicyCert serverKey = d.serverKey == null ? null : serverKey(d);
        checkCombinations(d, serverCert, serverKey);
        checkTransportEndpoint(d);
        checkTemplates(d);
        StreamType st = new StreamType(d, retry, trustStore, auth, serverCert, serverKey);
        checkStaticEndpoint(d, st);
        return st;
    }

    private static PolicyDraft.Ref ref(StreamTypeDraft d, String key, String name) {
        return new PolicyDraft.Ref(name, d.keyPos.get(key));
    }

    private PolicyCert serverCert(StreamTypeDraft d) throws PolicyException {
        PolicyDraft.Ref ref = ref(d, "server_cert", d.serverCert);
        PolicyDraft.CertDraft c = definedBefore(draft.certs, ref, "cert", "certs", "the streamtypes that use them",
                PolicyDraft.CertDraft::pos);
        if (c.certificate() == null) {
            throw ref.pos().error(source, "server_cert \"" + c.name() + "\" is not an X.509 certificate: "
                    + c.notCertificateReason());
        }
        return certs.get(c.name());
    }

    private PolicyCert serverKey(StreamTypeDraft d) throws PolicyException {
        PolicyDraft.Ref ref = ref(d, "server_key", d.serverKey);
        PolicyDraft.CertDraft c = definedBefore(draft.certs, ref, "cert", "certs", "the streamtypes that use them",
                PolicyDraft.CertDraft::pos);
        if (c.certificate() != null) {
            throw ref.pos().error(source, "server_key \"" + c.name() + "\" is an X.509 certificate; expected a private"
                    + " key in DER");
        }
        if (!CertDecoder.isDerSequence(c.der())) {
            throw ref.pos().error(source, "server_key \"" + c.name() + "\" is not a DER private key (not one ASN.1"
                    + " SEQUENCE)");
        }
        certsUsedAsKeys.add(c.name());
        return certs.get(c.name());
    }

    private void checkCombinations(StreamTypeDraft d, PolicyCert serverCert, PolicyCert serverKey)
            throws PolicyException {
        if (d.protocol == Protocol.WS && d.httpMethod != null) {
            throw d.keyPos.get("http_method").error(source, "http_method on a ws streamtype: lws then sends a plain "
                    + d.httpMethod + " instead of the WebSocket upgrade (lws issue #3318); remove http_method");
        }
        boolean server = d.flags.contains(StreamFlag.SERVER);
        if (server && d.tls && (serverCert == null || serverKey == null)) {
            throw d.pos.error(source, "streamtype \"" + d.name + "\" is a TLS server without "
                    + (serverCert == null ? "server_cert" : "server_key")
                    + "; a TLS server needs both (lws rejects it too since 4d7175ddd)");
        }
        if (d.trustStoreName != null && !d.tls && !urlTurnsTlsOn(d.endpoint)) {
            draft.warnings.add(d.keyPos.get("tls_trust_store").warning(PolicyWarning.Kind.NO_EFFECT,
                    "tls_trust_store has no effect without \"tls\": true"));
        }
        for (String key : List.of("aws_region", "aws_service")) {
            String name = key.equals("aws_region") ? d.awsRegion : d.awsService;
            if (name != null && d.metadata.stream().noneMatch(m -> m.name().equals(name))) {
                throw d.keyPos.get(key).error(source, key + " names the metadata entry \"" + name
                        + "\", which streamtype \"" + d.name + "\" does not declare");
            }
        }
    }

    /**
     * A {@code strand_transport_endpoint} replaces {@code endpoint} and {@code port}, carries the
     * raw protocol of a client streamtype, and runs without TLS: a transport such as {@code exec:}
     * brings its own protection ({@code ssh}), and the others have {@code endpoint} for TLS.
     */
    private void checkTransportEndpoint(StreamTypeDraft d) throws PolicyException {
        if (d.transportEndpoint == null) {
            return;
        }
        String key = StreamTypeReader.TRANSPORT_ENDPOINT;
        String about = "streamtype \"" + d.name + "\" has " + key + " \"" + d.transportEndpoint + "\"";
        for (String replaced : List.of("endpoint", "port")) {
            if (d.keyPos.containsKey(replaced)) {
                throw d.keyPos.get(replaced).error(source, about + " and \"" + replaced + "\"; " + key
                        + " replaces endpoint and port, so give one or the other");
            }
        }
        if (d.protocol != Protocol.RAW) {
            throw d.keyPos.get(key).error(source, about + " but protocol \"" + d.protocol.policyName() + "\"; "
                    + key + " carries protocol \"raw\" only");
        }
        if (d.tls) {
            throw d.keyPos.get("tls").error(source, about + " and \"tls\": true; TLS does not run over a "
                    + key + " (use endpoint for TLS, or a transport that protects itself, such as exec:ssh)");
        }
        if (d.flags.contains(StreamFlag.SERVER)) {
            throw d.keyPos.get(key).error(source, about + " but is a server; " + key + " names where a client"
                    + " connects onward");
        }
    }

    private static boolean urlTurnsTlsOn(Template endpoint) {
        return endpoint != null && (endpoint.text().startsWith("https://") || endpoint.text().startsWith("wss://")
                || endpoint.text().startsWith("${"));
    }

    private void checkTemplates(StreamTypeDraft d) throws PolicyException {
        for (Map.Entry<String, Template> e : d.templates().entrySet()) {
            for (String name : e.getValue().metadataNames()) {
                if (d.metadata.stream().noneMatch(m -> m.name().equals(name))) {
                    throw d.keyPos.get(e.getKey()).error(source, "${" + name + "} names metadata that streamtype \""
                            + d.name + "\" does not declare" + (d.metadata.isEmpty() ? " (it declares none)"
                            : "; it declares " + String.join(", ", d.metadata.stream().map(MetadataItem::name).toList())));
                }
            }
        }
    }

    private void checkStaticEndpoint(StreamTypeDraft d, StreamType st) throws PolicyException {
        if (d.endpoint == null || d.endpoint.hasSubstitutions() || st.server() || st.has(StreamFlag.LOCAL_SINK)) {
            return;
        }
        try {
            st.connectTarget(name -> "");
        } catch (IllegalArgumentException e) {
            throw d.keyPos.get("endpoint").error(source, e.getMessage());
        }
    }

    private List<String> rideshareList(StreamTypeDraft first) throws PolicyException {
        List<String> list = new ArrayList<>();
        list.add(first.name);
        StreamTypeDraft cur = first;
        while (cur.rideshare != null) {
            SourcePos at = cur.keyPos.get("rideshare");
            StreamTypeDraft next = draft.streamTypes.get(cur.rideshare);
            if (next == null) {
                throw at.error(source, "rideshare names streamtype \"" + cur.rideshare + "\", which the policy does not"
                        + " define" + prefixNote(cur.rideshare, draft.streamTypes.keySet()));
            }
            if (list.contains(next.name)) {
                throw at.error(source, "the rideshare chain " + String.join(" -> ", list) + " -> " + next.name
                        + " loops");
            }
            list.add(next.name);
            if (list.size() > SssWire.MAX_RIDESHARE_COMMAS) {
                throw first.keyPos.get("rideshare").error(source, "the rideshare chain " + String.join(" -> ", list)
                        + " has more than " + SssWire.MAX_RIDESHARE_COMMAS + " streamtypes; an lws"
                        + " client hangs up on a longer rideshare list in CREATE_RESULT");
            }
            cur = next;
        }
        return List.copyOf(list);
    }

    private void checkCertsAreUsable() throws PolicyException {
        for (PolicyDraft.CertDraft c : draft.certs.values()) {
            if (c.certificate() == null && !certsUsedAsKeys.contains(c.name())) {
                throw c.pos().error(source, "cert \"" + c.name() + "\" is not an X.509 certificate ("
                        + c.notCertificateReason() + ") and no server_key uses it");
            }
        }
    }

    private void warnAboutAuthStreamTypes() {
        for (PolicyDraft.AuthDraft a : draft.auth.values()) {
            PolicyDraft.Ref st = a.streamType();
            if (st != null && !draft.streamTypes.containsKey(st.name())) {
                draft.warnings.add(st.pos().warning(PolicyWarning.Kind.NO_EFFECT, "auth \"" + a.scheme().name()
                        + "\" names streamtype \"" + st.name() + "\", which this policy does not define"));
            }
        }
    }
}
