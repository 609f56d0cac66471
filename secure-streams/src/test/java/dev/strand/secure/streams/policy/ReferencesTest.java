package dev.strand.secure.streams.policy;

import static dev.strand.secure.streams.policy.PolicyAssertions.assertPointsAt;
import static dev.strand.secure.streams.policy.PolicyAssertions.loadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * Names refer to definitions by exact match, and, as lws requires, a definition comes before its
 * use; when one is missing or late, the error says which name, where it is used, and where (if
 * anywhere) it is defined.
 */
class ReferencesTest {

    private static String lineAndColumn(String json, String snippet) {
        int[] at = PolicyAssertions.position(json, snippet);
        return "line " + at[0] + ", column " + at[1];
    }

    @Test
    void aRetryNameMatchesExactlyNotByPrefix() {
        String json = """
                {"retry": [{"default": {"backoff": [1000]}}],
                 "s": [{"a": {"retry": "def"}}]}""";
        assertPointsAt(loadFails(json), json, "\"retry\": \"def\"", "s[0].a.retry",
                "retry scheme \"def\" is not defined", "retry schemes defines \"default\"",
                "lws would have matched \"default\" by prefix");
    }

    @Test
    void aLongerNameDoesNotMatchAShorterDefinitionEither() {
        String json = """
                {"retry": [{"std": {"backoff": [1]}}], "s": [{"a": {"retry": "std2"}}]}""";
        assertPointsAt(loadFails(json), json, "\"retry\": \"std2\"", "s[0].a.retry", "\"std2\" is not defined");
    }

    @Test
    void exactNamesResolveAmongSimilarOnes() throws PolicyException {
        Policy p = PolicyLoader.load("""
                {"retry": [{"std": {"backoff": [1]}}, {"std2": {"backoff": [2]}}, {"st": {"backoff": [3]}}],
                 "s": [{"a": {"retry": "st"}}, {"b": {"retry": "std"}}]}""");
        assertEquals(3L, p.streamType("a").orElseThrow().retry().backoffMillis().get(0));
        assertEquals(1L, p.streamType("b").orElseThrow().retry().backoffMillis().get(0));
        assertSame(p.retrySchemes().get("std"), p.streamType("b").orElseThrow().retry());
    }

    @Test
    void aRetrySchemeDefinedAfterTheStreamtypeThatUsesItIsAForwardReference() {
        String json = """
                {"s": [{"a": {"retry": "later"}}],
                 "retry": [{"later": {"backoff": [1]}}]}""";
        assertPointsAt(loadFails(json), json, "\"retry\": \"later\"", "s[0].a.retry",
                "retry scheme \"later\" is defined at " + lineAndColumn(json, "\"later\": {") + ", after this use",
                "lws needs retry schemes defined before the streamtypes that use them");
    }

    @Test
    void aRetrySchemeThatIsNeverDefinedSaysThePolicyHasNone() {
        String json = "{\"s\": [{\"a\": {\"retry\": \"nope\"}}]}";
        assertPointsAt(loadFails(json), json, "\"retry\"", "s[0].a.retry", "retry scheme \"nope\" is not defined",
                "the policy has no retry schemes");
    }

    @Test
    void aTrustStoreCertMustBeDefinedEarlierByExactName() {
        String ca = TestCerts.isrgRootX1();
        String json = "{\"certs\": [{\"isrg_root_x1\": \"" + ca + "\"}],\n"
                + " \"trust_stores\": [{\"name\": \"le\", \"stack\": [\"isrg_root_x1\", \"isrg\"]}]}";
        assertPointsAt(loadFails(json), json, "\"isrg\"]", "trust_stores[0].stack[1]", "cert \"isrg\" is not defined",
                "lws would have matched \"isrg_root_x1\" by prefix");
    }

    @Test
    void aCertDefinedAfterTheTrustStoreIsAForwardReference() {
        String json = "{\"trust_stores\": [{\"name\": \"le\", \"stack\": [\"x1\"]}],\n \"certs\": [{\"x1\": \""
                + TestCerts.isrgRootX1() + "\"}]}";
        assertPointsAt(loadFails(json), json, "\"x1\"]", "trust_stores[0].stack[0]",
                "cert \"x1\" is defined at " + lineAndColumn(json, "\"x1\": \"") + ", after this use");
    }

    @Test
    void aTrustStoreMustBeDefinedBeforeTheStreamtype() {
        String json = "{\"s\": [{\"a\": {\"tls\": true, \"tls_trust_store\": \"le\"}}],\n"
                + " \"certs\": [{\"x1\": \"" + TestCerts.isrgRootX1() + "\"}],\n"
                + " \"trust_stores\": [{\"name\": \"le\", \"stack\": [\"x1\"]}]}";
        assertPointsAt(loadFails(json), json, "\"tls_trust_store\"", "s[0].a.tls_trust_store",
                "trust store \"le\" is defined at " + lineAndColumn(json, "{\"name\": \"le\"") + ", after this use");
    }

    @Test
    void useAuthNeedsAnEarlierAuthEntry() {
        String json = "{\"s\": [{\"a\": {\"use_auth\": \"sigv4\"}}], \"auth\": [{\"name\": \"sigv4\"}]}";
        assertPointsAt(loadFails(json), json, "\"use_auth\"", "s[0].a.use_auth", "auth \"sigv4\" is defined at",
                "after this use");
    }

    @Test
    void serverCertAndKeyNeedEarlierCertsEntries() {
        String json = "{\"s\": [{\"srv\": {\"server\": true, \"server_cert\": \"mine\"}}]}";
        assertPointsAt(loadFails(json), json, "\"server_cert\"", "s[0].srv.server_cert", "cert \"mine\" is not defined");
    }

    @Test
    void metadataInTemplatesMustBeDeclaredInTheSameStreamtype() {
        String json = "{\"s\": [{\"a\": {\"endpoint\": \"${region}.example\", \"metadata\": [{\"regio\": \"\"}]}}]}";
        assertPointsAt(loadFails(json), json, "\"endpoint\"", "s[0].a.endpoint",
                "${region} names metadata that streamtype \"a\" does not declare", "it declares regio");
    }

    @Test
    void metadataMayBeDeclaredAfterTheTemplateThatUsesIt() throws PolicyException {
        Policy p = PolicyLoader.load("{\"s\": [{\"a\": {\"endpoint\": \"h\", \"http_url\": \"v/${id}\", \"metadata\": [{\"id\": \"\"}]}}]}");
        assertEquals("/v/7", p.streamType("a").orElseThrow().requestPath(n -> "7"));
    }

    @Test
    void awsRegionAndServiceNameMetadataEntries() {
        String json = "{\"s\": [{\"a\": {\"metadata\": [{\"region\": \"\"}], \"aws_region\": \"region\","
                + " \"aws_service\": \"svc\"}}]}";
        assertPointsAt(loadFails(json), json, "\"aws_service\"", "s[0].a.aws_service",
                "names the metadata entry \"svc\", which streamtype \"a\" does not declare");
    }
}
