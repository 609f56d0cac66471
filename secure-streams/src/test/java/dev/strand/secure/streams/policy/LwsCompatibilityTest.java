package dev.strand.secure.streams.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.retry.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies written for lws load unchanged: the example policy of spec/secure-streams.md §2.4, a
 * binance policy as in §3.1, and the lws SS proxy's bootstrap policy of §3.4, each written out as
 * a file with real root CA certificates (from the JDK's trust store) in place of the shortened
 * bodies.
 */
class LwsCompatibilityTest {

    @TempDir
    Path dir;

    private Path policyFile(String resource) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text = text.replace("@ISRG_ROOT_X1@", TestCerts.isrgRootX1())
                .replace("@DIGICERT_GLOBAL_ROOT_G2@", TestCerts.digicertGlobalRootG2())
                .replace("@DIGICERT_GLOBAL_ROOT_CA@", TestCerts.base64(TestCerts.jdkRoot("DigiCert Global Root CA")));
        Path file = dir.resolve(resource);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theExamplePolicyLoadsWithEveryFieldInPlace() throws Exception {
        Policy p = PolicyLoader.load(policyFile("lws-example-policy.json"));
        assertEquals(List.of(), p.warnings());
        assertEquals("r1", p.release().orElseThrow());
        assertEquals("demo", p.product().orElseThrow());
        assertEquals(OptionalInt.of(1), p.schemaVersion());
        assertEquals(new RetryPolicy("std", List.of(500L, 1000L, 2000L, 4000L), 4, 15, 40, 50), p.retrySchemes().get("std"));
        assertEquals(RetryPolicy.CONCEAL_FOREVER, p.retrySchemes().get("forever").conceal());
        assertEquals(List.of("status_get", "telemetry_post", "ticker_ws", "plc_raw"), List.copyOf(p.streamTypes().keySet()));

        StreamType status = p.streamType("status_get").orElseThrow();
        assertEquals("corp_roots", status.trustStore().orElseThrow().name());
        assertEquals(TestCerts.jdkRoot("ISRG Root X1"), status.trustStore().orElseThrow().certificates().get(0));
        assertEquals("/v1/status?dev=abc", status.requestPath(Map.of("devid", "abc")::get));
        assertEquals(8000, status.timeoutMs());
        assertTrue(status.opportunistic());

        StreamType post = p.streamType("telemetry_post").orElseThrow();
        assertEquals(Protocol.H2, post.protocol());
        assertEquals("eu.ingest.example.net", post.connectTarget(Map.of("region", "eu")::get).address());
        assertEquals(3, post.metadataIndex("srvreq"));
        assertEquals(OptionalInt.of(1507), post.http().mappedState(507));
        assertFalse(post.http().isSuccess(200));

        StreamType ticker = p.streamType("ticker_ws").orElseThrow();
        ConnectTarget t = ticker.connectTarget(n -> null);
        assertEquals("/stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker", t.path());
        assertEquals(TestCerts.jdkRoot("DigiCert Global Root G2"),
                t.trustStore().orElseThrow().certificates().get(0));
        assertEquals(131072, ticker.buffers().effectiveProxyBuflen());
        assertEquals(98304, ticker.buffers().proxyRxflowOnAbove());
        assertEquals(32768, ticker.buffers().proxyRxflowOffBelow());
        assertTrue(ticker.nailedUp() && ticker.has(StreamFlag.WS_PRIORITIZE_READS));

        StreamType plc = p.streamType("plc_raw").orElseThrow();
        assertEquals(dev.strand.api.Endpoint.parse("tcp:10.0.0.20:502"), plc.connectTarget(n -> null).endpoint());
        assertEquals(Protocol.RAW, plc.protocol());
    }

    @Test
    void theBinancePolicyLoadsAsWsOverTlsTrustingDigicert() throws Exception {
        Policy p = PolicyLoader.load(policyFile("binance-policy.json"));
        assertEquals(List.of(), p.warnings());
        StreamType b = p.streamType("binance").orElseThrow();
        ConnectTarget t = b.connectTarget(n -> null);
        assertEquals(Protocol.WS, b.protocol());
        assertEquals("fstream.binance.com", t.address());
        assertEquals(443, t.port());
        assertTrue(t.tls());
        assertEquals("/stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker/btcusdt@aggTrade", t.path(),
                "the seed's leading / is not doubled");
        assertEquals(TestCerts.jdkRoot("DigiCert Global Root CA"), b.trustStore().orElseThrow().certificates().get(0));
        assertEquals(RetryPolicy.CONCEAL_FOREVER, b.retry().conceal());
        assertEquals(List.of(1000L, 2000L, 3000L, 4000L, 5000L), b.retry().backoffMillis());
        assertEquals(20, b.retry().jitterPercent());
        assertEquals(30, b.retry().validityPingSeconds());
        assertEquals(35, b.retry().validityHangupSeconds());
        assertTrue(b.nailedUp());
        assertEquals(List.of("binance"), p.rideshareList("binance"));
    }

    @Test
    void theProxyBootstrapPolicyLoads() throws Exception {
        Policy p = PolicyLoader.load(policyFile("proxy-bootstrap-policy.json"));
        assertEquals(List.of(), p.warnings());
        StreamType cpd = p.streamType("captive_portal_detect").orElseThrow();
        assertEquals(OptionalInt.of(204), cpd.http().expect());
        assertTrue(cpd.http().failRedirect());
        assertEquals("/generate_204", cpd.requestPath(n -> null));
        assertEquals(RetryPolicy.NONE, cpd.retry());
        StreamType fetch = p.streamType("fetch_policy").orElseThrow();
        assertEquals("le_via_isrg", fetch.trustStore().orElseThrow().name());
        assertEquals(List.of(1000L, 2000L, 3000L, 5000L, 10000L), fetch.retry().backoffMillis());
        assertEquals(5, fetch.retry().conceal());
    }

    @Test
    void aFileAStringAndAStreamGiveTheSamePolicy() throws Exception {
        Path file = policyFile("lws-example-policy.json");
        String text = Files.readString(file);
        Policy fromFile = PolicyLoader.load(file);
        Policy fromString = PolicyLoader.load(text);
        Policy fromStream = PolicyLoader.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "stream");
        for (Policy p : List.of(fromString, fromStream)) {
            assertEquals(fromFile.retrySchemes(), p.retrySchemes());
            assertEquals(fromFile.streamTypes().keySet(), p.streamTypes().keySet());
            assertEquals(fromFile.streamType("ticker_ws").orElseThrow().connectTarget(n -> null).tlsOptions(),
                    p.streamType("ticker_ws").orElseThrow().connectTarget(n -> null).tlsOptions());
        }
        assertEquals(file.toString(), fromFile.source());
        assertEquals("<string>", fromString.source());
        assertEquals("stream", fromStream.source());
    }

    @Test
    void errorsInAFileNameTheFile() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"s\": [ {\"a\": {\"protocol\": \"quic\"}} ]\n}\n");
        PolicyException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyException.class,
                () -> PolicyLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ": s[0].a.protocol at line 2, column 29: unknown protocol \"quic\""),
                e.getMessage());
    }
}
