package dev.strand.secure.streams.policy;

import static dev.strand.secure.streams.policy.PolicyAssertions.assertPointsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keys lws does not know are not silently ignored: each becomes a warning with its JSON path,
 * line and column (and a hint where one helps), and is logged once. Keys lws parses but never
 * uses are accepted and reported as inert.
 */
class UnknownKeysTest {

    private static List<PolicyWarning> warnings(String json, PolicyWarning.Kind kind) throws PolicyException {
        return PolicyLoader.load(json).warnings().stream().filter(w -> w.kind() == kind).toList();
    }

    @Test
    void aMistypedStreamtypeKeyIsReportedWithItsPositionAndTheLikelyKey() throws PolicyException {
        String json = "{\"s\": [{\"a\": {\n    \"endpoint\": \"x.example\",\n    \"nailedup\": true}}]}";
        List<PolicyWarning> w = warnings(json, PolicyWarning.Kind.UNKNOWN_KEY);
        assertEquals(1, w.size(), w.toString());
        assertPointsAt(w.get(0), json, "\"nailedup\"", "s[0].a.nailedup", "unknown streamtype key \"nailedup\"",
                "lws ignores it", "did you mean \"nailed_up\"?");
    }

    @Test
    void unknownKeysAreReportedAtEveryLevelAndTheirValuesSkipped() throws PolicyException {
        String json = """
                {"relase": "r1",
                 "retry": [{"r": {"backoff": [1], "concel": 2}}],
                 "trust_stores": [],
                 "metrics": [{"name": "m", "schedule": {"deep": [1, {"x": 2}]}}],
                 "auth": [{"name": "a", "blobs": 1}],
                 "s": [{"a": {"metadata": [], "whatever": {"n": [1, 2]}, "port": 7}}]}""";
        Policy p = PolicyLoader.load(json);
        List<PolicyWarning> w = p.warnings();
        assertEquals(List.of("relase", "retry[0].r.concel", "metrics[0].schedule", "auth[0].blobs", "s[0].a.whatever"),
                w.stream().map(PolicyWarning::jsonPath).toList());
        assertPointsAt(w.get(0), json, "\"relase\"", "relase", "did you mean \"release\"?");
        assertPointsAt(w.get(1), json, "\"concel\"", "retry[0].r.concel", "did you mean \"conceal\"?");
        assertEquals(7, p.streamType("a").orElseThrow().port(), "parsing goes on after a skipped value");
        assertEquals(0, p.retrySchemes().get("r").conceal());
    }

    @Test
    void lwsReadmeNamesThatTheParserDoesNotKnowGetAHint() throws PolicyException {
        String json = "{\"s\": [{\"a\": {\"http_multipart_content_type\": \"text/plain\", \"auth_hexify\": true}}]}";
        List<PolicyWarning> w = warnings(json, PolicyWarning.Kind.UNKNOWN_KEY);
        assertPointsAt(w.get(0), json, "\"http_multipart", "s[0].a.http_multipart_content_type",
                "its parser reads \"http_mime_content_type\"");
        assertPointsAt(w.get(1), json, "\"auth_hexify\"", "s[0].a.auth_hexify", "its parser has no such key");
    }

    @Test
    void inertKeysAreAcceptedAndReportedAsInert() throws PolicyException {
        String json = """
                {"s": [{"a": {"urgent_tx": true, "urgent_rx": true, "via-socks5": "127.0.0.1:1080",
                              "client_buflen_rxflow_on_above": 9, "client_buflen_rxflow_off_below": 3,
                              "plugins": ["x"]}}]}""";
        Policy p = PolicyLoader.load(json);
        List<PolicyWarning> inert = p.warnings();
        assertEquals(List.of("s[0].a.urgent_tx", "s[0].a.urgent_rx", "s[0].a.via-socks5",
                        "s[0].a.client_buflen_rxflow_on_above", "s[0].a.client_buflen_rxflow_off_below", "s[0].a.plugins"),
                inert.stream().map(PolicyWarning::jsonPath).toList());
        assertTrue(inert.stream().allMatch(w -> w.kind() == PolicyWarning.Kind.INERT_KEY), inert.toString());
        StreamType a = p.streamType("a").orElseThrow();
        assertTrue(a.has(StreamFlag.URGENT_TX) && a.has(StreamFlag.URGENT_RX), "stored faithfully");
        assertEquals(9, a.buffers().clientRxflowOnAbove());
    }

    @Test
    void aTrustStoreWithoutTlsHasNoEffect() throws PolicyException {
        String json = "{\"certs\": [{\"x1\": \"" + TestCerts.isrgRootX1() + "\"}],\n"
                + " \"trust_stores\": [{\"name\": \"le\", \"stack\": [\"x1\"]}],\n"
                + " \"s\": [{\"a\": {\"endpoint\": \"x.example\", \"tls_trust_store\": \"le\"}}]}";
        List<PolicyWarning> w = warnings(json, PolicyWarning.Kind.NO_EFFECT);
        assertPointsAt(w.get(0), json, "\"tls_trust_store\"", "s[0].a.tls_trust_store", "no effect without \"tls\": true");
    }

    @Test
    void anAuthEntryNamingAMissingStreamtypeIsReported() throws PolicyException {
        String json = "{\"auth\": [{\"name\": \"lwa\", \"streamtype\": \"api_amazon_com_auth\", \"blob\": 1}]}";
        List<PolicyWarning> w = warnings(json, PolicyWarning.Kind.NO_EFFECT);
        assertPointsAt(w.get(0), json, "\"streamtype\"", "auth[0].streamtype", "names streamtype \"api_amazon_com_auth\"");
    }

    @Test
    void eachUnknownKeyIsLoggedOnceAtWarn() throws PolicyException {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            PolicyLoader.load("{\"s\": [{\"a\": {\"bogus_one\": 1, \"bogus_two\": 2}}]}");
        } finally {
            System.setErr(saved);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("bogus")).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("WARN") && lines.get(0).contains("s[0].a.bogus_one")
                && lines.get(0).contains("line 1, column 15"), lines.get(0));
        assertTrue(lines.get(1).contains("WARN") && lines.get(1).contains("s[0].a.bogus_two"), lines.get(1));
    }
}
