package dev.strand.secure.streams.policy;

import dev.strand.core.net.retry.RetryPolicy;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy as read from JSON, with the position of every definition and reference, before
 * {@link PolicyLinker} resolves references and checks them. Mutable; confined to one load.
 */
final class PolicyDraft {

    String release;
    String product;
    Integer schemaVersion;
    String viaSocks5;
    final Map<String, RetryDraft> retries = new LinkedHashMap<>();
    final Map<String, CertDraft> certs = new LinkedHashMap<>();
    final Map<String, TrustStoreDraft> trustStores = new LinkedHashMap<>();
    final Map<String, AuthDraft> auth = new LinkedHashMap<>();
    final List<MetricsPolicy> metrics = new ArrayList<>();
    final Map<String, StreamTypeDraft> streamTypes = new LinkedHashMap<>();
    final List<PolicyWarning> warnings = new ArrayList<>();

    /** A use of a name, where it was written. */
    record Ref(String name, SourcePos pos) {
    }

    record RetryDraft(RetryPolicy policy, SourcePos pos) {
    }

    record CertDraft(String name, byte[] der, X509Certificate certificate, String notCertificateReason,
                     SourcePos pos) {
    }

    record TrustStoreDraft(String name, List<Ref> stack, SourcePos pos) {
    }

    record AuthDraft(AuthScheme scheme, Ref streamType, SourcePos pos) {
    }
}
