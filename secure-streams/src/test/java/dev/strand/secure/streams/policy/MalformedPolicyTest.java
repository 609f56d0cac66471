package dev.strand.secure.streams.policy;

import dev.strand.core.net.sss.SssWire;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static dev.strand.secure.streams.policy.PolicyAssertions.assertPointsAt;
import static dev.strand.secure.streams.policy.PolicyAssertions.loadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed policies fail with a {@link PolicyException} that names the JSON path, the line and
 * column of the offending token, and what was expected.
 */
class MalformedPolicyTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a string where an integer belongs",
                        "{\"s\": [{\"a\": {\n  \"port\": \"443\"}}]}", "\"443\"", "s[0].a.port",
                        new String[] {"expected an integer in 0..65535", "found the string \"443\""}),
                Arguments.of("a number where a boolean belongs",
                        "{\"s\": [{\"a\": {\"tls\": 1}}]}", "1}", "s[0].a.tls",
                        new String[] {"expected true or false", "found the number 1"}),
                Arguments.of("an object where the metadata array belongs",
                        "{\"s\": [{\"a\": {\"metadata\": {\"x\": \"\"}}}]}", "{\"x\"", "s[0].a.metadata",
                        new String[] {"expected an array", "found an object"}),
                Arguments.of("a fraction where an integer belongs",
                        "{\"s\": [{\"a\": {\"timeout_ms\": 1.5}}]}", "1.5", "s[0].a.timeout_ms",
                        new String[] {"expected an integer", "found the number 1.5"}),
                Arguments.of("a port out of range",
                        "{\"s\": [{\"a\": {\"port\": 65536}}]}", "65536", "s[0].a.port",
                        new String[] {"0..65535", "65536"}),
                Arguments.of("s as an object",
                        "{\"s\": {\"a\": {}}}", "{\"a\"", "s", new String[] {"expected an array"}),
                Arguments.of("an unknown protocol",
                        "{\"s\": [{\"a\": {\n\t\"protocol\": \"h4\"}}]}", "\"h4\"", "s[0].a.protocol",
                        new String[] {"unknown protocol \"h4\"", "expected one of h1, h2, h3, ws, mqtt, raw"}),
                Arguments.of("a protocol name in upper case",
                        "{\"s\": [{\"a\": {\"protocol\": \"H1\"}}]}", "\"H1\"", "s[0].a.protocol",
                        new String[] {"unknown protocol \"H1\""}),
                Arguments.of("ten backoff entries",
                        "{\"retry\": [{\"r\": {\"backoff\": [1,2,3,4,5,6,7,8,9]}}]}", "9]", "retry[0].r.backoff[8]",
                        new String[] {"more than 8 backoff entries"}),
                Arguments.of("a retry scheme without backoff",
                        "{\"retry\": [{\"r\": {\"conceal\": 3}}]}", "\"r\"", "retry[0].r",
                        new String[] {"no backoff delays"}),
                Arguments.of("jitter over 100 percent",
                        "{\"retry\": [{\"r\": {\"backoff\": [1], \"jitterpc\": 101}}]}", "101", "retry[0].r.jitterpc",
                        new String[] {"0..100"}),
                Arguments.of("a negative backoff delay",
                        "{\"retry\": [{\"r\": {\"backoff\": [-1]}}]}", "-1", "retry[0].r.backoff[0]",
                        new String[] {"0..4294967295"}),
                Arguments.of("a trust store with no certs",
                        "{\"trust_stores\": [{\"name\": \"t\", \"stack\": []}]}", "[]", "trust_stores[0].stack",
                        new String[] {"stack is empty"}),
                Arguments.of("a trust store with no stack",
                        "{\"trust_stores\": [{\"name\": \"t\"}]}", "{\"name\"", "trust_stores[0]",
                        new String[] {"has no \"stack\""}),
                Arguments.of("a streamtype name of 32 bytes",
                        "{\"s\": [{\"" + "n".repeat(32) + "\": {}}]}", "\"nnn", "s[0]." + "n".repeat(32),
                        new String[] {"is 32 bytes", "at most 31 bytes"}),
                Arguments.of("a streamtype name of 31 bytes in 16 characters",
                        "{\"s\": [{\"é" + "é".repeat(15) + "\": {}}]}", "\"é", "s[0]." + "é".repeat(16),
                        new String[] {"is 32 bytes"}),
                Arguments.of("a metadata name of 31 bytes",
                        "{\"s\": [{\"a\": {\"metadata\": [{\"" + "m".repeat(31) + "\": \"\"}]}}]}", "\"mmm",
                        "s[0].a.metadata[0]." + "m".repeat(31), new String[] {"is 31 bytes", "at most 30 bytes"}),
                Arguments.of("metadata declared twice",
                        "{\"s\": [{\"a\": {\"metadata\": [{\"x\": \"\"}, {\"x\": \"x:\"}]}}]}", "\"x\": \"x:\"",
                        "s[0].a.metadata[1].x", new String[] {"declared twice"}),
                Arguments.of("a streamtype defined twice",
                        "{\"s\": [{\"a\": {}}, {\"a\": {}}]}", "\"a\": {}}]", "s[1].a",
                        new String[] {"defined twice", "line 1, column 9"}),
                Arguments.of("a key given twice in one object",
                        "{\"s\": [{\"a\": {\"port\": 1, \"port\": 2}}]}", ": 2", "s[0].a.port",
                        new String[] {"malformed JSON", "Duplicate field 'port'"}),
                Arguments.of("an http_resp_map key that is not a status",
                        "{\"s\": [{\"a\": {\"http_resp_map\": [{\"abc\": 1001}]}}]}", "\"abc\"",
                        "s[0].a.http_resp_map[0].abc", new String[] {"not an HTTP status"}),
                Arguments.of("an http_resp_map state below 1000",
                        "{\"s\": [{\"a\": {\"http_resp_map\": [{\"503\": 5}]}}]}", "5}", "s[0].a.http_resp_map[0].503",
                        new String[] {"1000..65535", "application state"}),
                Arguments.of("an unterminated ${",
                        "{\"s\": [{\"a\": {\"http_url\": \"x/${id\"}}]}", "\"x/", "s[0].a.http_url",
                        new String[] {"unterminated \"${\""}),
                Arguments.of("an http_method that is not a token",
                        "{\"s\": [{\"a\": {\"http_method\": \"GE T\"}}]}", "\"GE T\"", "s[0].a.http_method",
                        new String[] {"not an HTTP method"}),
                Arguments.of("a global socks5 proxy without a port",
                        "{\"via-socks5\": \"proxy.example\"}", "\"proxy.example\"", "via-socks5",
                        new String[] {"not host:port"}),
                Arguments.of("a cert that is not base64",
                        "{\"certs\": [{\"c\": \"MII!!\"}]}", "\"MII", "certs[0].c",
                        new String[] {"cert \"c\"", "not valid base64"}),
                Arguments.of("a cert that is not a certificate",
                        "{\"certs\": [{\"c\": \"AAECAwQF\"}]}", "\"c\"", "certs[0].c",
                        new String[] {"not an X.509 certificate", "no server_key uses it"}),
                Arguments.of("a document that is an array",
                        "[]", "[", "", new String[] {"expected a JSON object", "found an array"}),
                Arguments.of("content after the policy",
                        "{} []", "[]", "", new String[] {"found an array after the policy's closing }"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputNamesThePathTheLineAndColumnAndWhatWasExpected(String what, String json, String at, String path,
                                                                    String[] words) {
        assertPointsAt(loadFails(json), json, at, path, words);
    }

    @Test
    void truncatedJsonFailsAtTheEndOfTheInput() {
        String json = "{\"s\": [{\"a\": {\n  \"port\": 1";
        PolicyException e = loadFails(json);
        assertTrue(e.problem().startsWith("malformed JSON"), e.getMessage());
        assertTrue(e.problem().contains("end-of-input"), e.getMessage());
        assertEquals(2, e.line());
        assertEquals("s[0].a.port", e.jsonPath());
    }

    @Test
    void truncatedInsideAStringFails() {
        PolicyException e = loadFails("{\"s\": [{\"a\": {\"endpoint\": \"exam");
        assertTrue(e.problem().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void emptyInputSaysAnObjectWasExpected() {
        PolicyException e = loadFails("  \n ");
        assertTrue(e.problem().contains("the policy is empty; expected a JSON object"), e.getMessage());
        assertEquals("<string>", e.source());
    }

    @Test
    void bytesThatAreNotUtf8FailAsMalformed() {
        byte[] bytes = "{\"release\": \"r\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyLoader.load(new ByteArrayInputStream(bytes), "latin1.json"));
        assertEquals("latin1.json", e.source());
        assertTrue(e.getMessage().contains("MalformedInput"), e.getMessage());
    }

    @Test
    void seventeenResponseMapEntriesExceedLwsTable() {
        String entries = IntStream.range(0, 17).mapToObj(i -> "{\"" + (400 + i) + "\": " + (1400 + i) + "}")
                .collect(Collectors.joining(", "));
        String json = "{\"s\": [{\"a\": {\"http_resp_map\": [" + entries + "]}}]}";
        assertPointsAt(loadFails(json), json, "\"416\"", "s[0].a.http_resp_map[16].416", "more than 16 http_resp_map");
    }

    @Test
    void twoHundredFiftySixMetadataEntriesExceedLwsCount() {
        String entries = IntStream.range(0, 256).mapToObj(i -> "{\"m" + i + "\": \"\"}").collect(Collectors.joining(","));
        String json = "{\"s\": [{\"a\": {\"metadata\": [" + entries + "]}}]}";
        assertPointsAt(loadFails(json), json, "\"m255\"", "s[0].a.metadata[255].m255", "more than 255 metadata");
    }

    @Test
    void namesAtTheProxyLinkLimitsLoad() throws PolicyException {
        String st = "s".repeat(SssWire.MAX_STREAMTYPE_NAME);
        String md = "m".repeat(SssWire.MAX_METADATA_NAME);
        Policy p = PolicyLoader.load("{\"s\": [{\"" + st + "\": {\"metadata\": [{\"" + md + "\": \"\"}]}}]}");
        assertEquals(0, p.streamType(st).orElseThrow().metadataIndex(md));
    }
}
