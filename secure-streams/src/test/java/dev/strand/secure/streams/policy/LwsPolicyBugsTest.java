package dev.strand.secure.streams.policy;

import static dev.strand.secure.streams.policy.PolicyAssertions.assertPointsAt;
import static dev.strand.secure.streams.policy.PolicyAssertions.loadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One regression test per lws policy bug or trap Strand avoids (spec/secure-streams.md §2.1, §2.3,
 * §5.4 items 25, 31, 32 and §5.5 items 34, 38).
 */
class LwsPolicyBugsTest {

    @Test
    void lwsIssue3318HttpMethodOnAWsStreamtypeIsRejected() {
        String json = "{\"s\": [{\"ws\": {\"protocol\": \"ws\", \"endpoint\": \"h.example\", \"http_method\": \"GET\"}}]}";
        assertPointsAt(loadFails(json), json, "\"http_method\"", "s[0].ws.http_method",
                "http_method on a ws streamtype", "instead of the WebSocket upgrade", "#3318");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2", "ws"})
    void lwsIssue3318ALeadingSlashIsNotDoubledForWsAndH2(String protocol) throws PolicyException {
        StreamType st = PolicyLoader.load("{\"s\": [{\"a\": {\"protocol\": \"" + protocol
                + "\", \"endpoint\": \"h.example\", \"http_url\": \"/stream?x=1\"}}]}").streamType("a").orElseThrow();
        assertEquals("/stream?x=1", st.requestPath(n -> null));
    }

    @Test
    void lws4d7175dddTlsServerWithoutCertOrKeyIsRejected() {
        String json = "{\"s\": [{\"myserver\": {\"server\": true, \"tls\": true, \"port\": 7681}}]}";
        assertPointsAt(loadFails(json), json, "\"myserver\"", "s[0].myserver", "TLS server without server_cert",
                "needs both");
    }

    @Test
    void lwsB70a3c860EndpointsOf150And300CharactersAfterExpansionFit() throws PolicyException {
        StreamType st = PolicyLoader.load("{\"s\": [{\"a\": {\"endpoint\": \"${host}\", \"port\": 80,"
                + " \"metadata\": [{\"host\": \"\"}]}}]}").streamType("a").orElseThrow();
        for (int length : new int[] {150, 300}) {
            String host = "h".repeat(length - 8) + ".example";
            assertEquals(length, st.connectTarget(n -> host).address().length());
        }
    }

    @Test
    void lwsAd990a61aAFailedParseLeavesNothingBehind() throws PolicyException {
        String good = "{\"retry\": [{\"r\": {\"backoff\": [1]}}], \"s\": [{\"a\": {\"retry\": \"r\"}}]}";
        loadFails(good.substring(0, good.length() - 5));
        loadFails("{\"retry\": [{\"r\": {\"backoff\": [1,2,3,4,5,6,7,8,9]}}]}");
        Policy p = PolicyLoader.load(good);
        assertEquals(List.of("a"), List.copyOf(p.streamTypes().keySet()));
        assertEquals(List.of(), p.warnings());
    }

    @Test
    void lwsPrefixMatchOfTrustStoreNamesIsNotCopied() {
        String json = "{\"certs\": [{\"x1\": \"" + TestCerts.isrgRootX1() + "\"}],\n"
                + " \"trust_stores\": [{\"name\": \"le_via_isrg\", \"stack\": [\"x1\"]}],\n"
                + " \"s\": [{\"a\": {\"tls\": true, \"tls_trust_store\": \"le\"}}]}";
        assertPointsAt(loadFails(json), json, "\"tls_trust_store\"", "s[0].a.tls_trust_store",
                "trust store \"le\" is not defined", "trust stores defines \"le_via_isrg\"",
                "lws would have matched \"le_via_isrg\" by prefix");
    }

    @Test
    void lwsReadmeTrustStoreMapFormIsRejectedWithTheFormLwsParses() {
        String json = "{\"trust_stores\": [{\"le_via_isrg\": [\"isrg_root_x1\"]}]}";
        assertPointsAt(loadFails(json), json, "{\"le_via", "trust_stores[0]", "has no \"name\"",
                "write {\"name\": \"le_via_isrg\", \"stack\": [...]}");
    }

    @Test
    void lwsSilentlyIgnoresUnknownKeysButStrandReportsThem() throws PolicyException {
        Policy p = PolicyLoader.load("{\"s\": [{\"a\": {\"tls_truststore\": \"x\"}}]}");
        assertEquals(1, p.warnings().size());
        assertEquals(PolicyWarning.Kind.UNKNOWN_KEY, p.warnings().get(0).kind());
    }
}
