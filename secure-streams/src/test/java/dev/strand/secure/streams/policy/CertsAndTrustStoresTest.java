package dev.strand.secure.streams.policy;

import static dev.strand.secure.streams.policy.PolicyAssertions.assertPointsAt;
import static dev.strand.secure.streams.policy.PolicyAssertions.loadFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Certs are base64 DER, decoded and checked to be X.509 certificates; trust stores are stacks of
 * them, ready for TLS as PEM or as certificates; lws's size limits hold.
 */
class CertsAndTrustStoresTest {

    private static String certsAndStore(String storeName, String... certNames) {
        String certs = java.util.Arrays.stream(certNames)
                .map(n -> "{\"" + n + "\": \"" + TestCerts.isrgRootX1() + "\"}").collect(Collectors.joining(", "));
        String stack = java.util.Arrays.stream(certNames).map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
        return "{\"certs\": [" + certs + "],\n \"trust_stores\": [{\"name\": \"" + storeName + "\", \"stack\": [" + stack
                + "]}]}";
    }

    @Test
    void aTrustStoreGivesItsCertificatesAsX509AndAsPemThatReadsBack() throws Exception {
        String x1 = TestCerts.isrgRootX1();
        String g2 = TestCerts.digicertGlobalRootG2();
        Policy p = PolicyLoader.load("{\"certs\": [{\"x1\": \"" + x1 + "\"}, {\"g2\": \"" + g2 + "\"}],\n"
                + " \"trust_stores\": [{\"name\": \"both\", \"stack\": [\"g2\", \"x1\"]}]}");
        TrustStore ts = p.trustStores().get("both");
        assertEquals(List.of("g2", "x1"), ts.stack().stream().map(PolicyCert::name).toList());
        List<X509Certificate> certs = ts.certificates();
        assertEquals(TestCerts.jdkRoot("DigiCert Global Root G2"), certs.get(0));
        assertEquals(TestCerts.jdkRoot("ISRG Root X1"), certs.get(1));
        Collection<? extends java.security.cert.Certificate> fromPem = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(ts.pem().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(certs, new ArrayList<>(fromPem));
        assertTrue(ts.pem().startsWith("-----BEGIN CERTIFICATE-----\n"), ts.pem());
        assertEquals(ts.pem(), ts.applyTo(dev.strand.api.transport.TlsOptions.to("h")).trustedCasPem().orElseThrow());
        assertArrayEquals(Base64.getDecoder().decode(x1), p.certs().get("x1").der());
    }

    @Test
    void certBase64MayBeWrappedOrUrlSafe() throws PolicyException {
        String x1 = TestCerts.isrgRootX1();
        String wrapped = x1.replaceAll("(.{64})", "$1\\\\n");
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getDecoder().decode(x1));
        Policy p = PolicyLoader.load("{\"certs\": [{\"w\": \"" + wrapped + "\"}, {\"u\": \"" + urlSafe + "\"}],"
                + " \"trust_stores\": [{\"name\": \"t\", \"stack\": [\"w\", \"u\"]}]}");
        assertEquals(p.certs().get("w").certificate(), p.certs().get("u").certificate());
    }

    @Test
    void sixCertsFitATrustStoreAndSevenDoNot() throws PolicyException {
        assertEquals(6, PolicyLoader.load(certsAndStore("six", "a", "b", "c", "d", "e", "f")).trustStores().get("six")
                .stack().size());
        String json = certsAndStore("seven", "a", "b", "c", "d", "e", "f", "g");
        assertPointsAt(loadFails(json), json, "\"g\"]", "trust_stores[0].stack[6]", "more than 6 certs in a trust store");
    }

    @Test
    void aCertOver3072BytesOfDerIsRejected() {
        X509Certificate big = TestCerts.bigCertificate();
        String b64 = TestCerts.base64(big);
        String json = "{\"certs\": [{\"big\": \"" + b64 + "\"}]}";
        int size = Base64.getDecoder().decode(b64).length;
        assertTrue(size > CertDecoder.MAX_DER_BYTES, "test cert is " + size + " bytes");
        assertPointsAt(loadFails(json), json, "\"MII", "certs[0].big",
                "cert \"big\": the cert is " + size + " bytes of DER; lws holds at most 3072");
    }

    @Test
    void aTrustStoreMayNotStackAPrivateKey() {
        String key = Base64.getEncoder().encodeToString(TestCerts.serverKeyDer());
        String json = "{\"certs\": [{\"k\": \"" + key + "\"}],\n \"trust_stores\": [{\"name\": \"t\", \"stack\": [\"k\"]}]}";
        assertPointsAt(loadFails(json), json, "\"k\"]", "trust_stores[0].stack[0]", "cert \"k\"",
                "is not an X.509 certificate");
    }

    @Test
    void aTlsServerHoldsItsCertificateAndKey() throws PolicyException {
        X509Certificate cert = TestCerts.serverCertificate();
        byte[] key = TestCerts.serverKeyDer();
        Policy p = PolicyLoader.load("{\"certs\": [{\"srv_cert\": \"" + TestCerts.base64(cert) + "\"}, {\"srv_key\": \""
                + Base64.getEncoder().encodeToString(key) + "\"}],\n \"s\": [{\"myserver\": {\"server\": true,"
                + " \"tls\": true, \"endpoint\": \"127.0.0.1\", \"port\": 7681, \"protocol\": \"h1\","
                + " \"server_cert\": \"srv_cert\", \"server_key\": \"srv_key\"}}]}");
        ServerSettings s = p.streamType("myserver").orElseThrow().serverSettings();
        assertEquals(cert, s.certificate().orElseThrow().certificate().orElseThrow());
        assertArrayEquals(key, s.key().orElseThrow().der());
        assertTrue(s.key().orElseThrow().certificate().isEmpty());
        assertThrows(IllegalStateException.class, () -> s.key().orElseThrow().pem());
    }

    @Test
    void aServerKeyThatIsACertificateIsRejected() {
        String cert = TestCerts.base64(TestCerts.serverCertificate());
        String json = "{\"certs\": [{\"c\": \"" + cert + "\"}], \"s\": [{\"srv\": {\"server\": true, \"tls\": true,"
                + " \"server_cert\": \"c\", \"server_key\": \"c\"}}]}";
        assertPointsAt(loadFails(json), json, "\"server_key\"", "s[0].srv.server_key", "is an X.509 certificate",
                "expected a private key");
    }

    @Test
    void certsCountedAsLwsDoesInManyTrustStores() throws PolicyException {
        String names = IntStream.range(0, 3).mapToObj(i -> "{\"name\": \"t" + i + "\", \"stack\": [\"x1\"]}")
                .collect(Collectors.joining(", "));
        Policy p = PolicyLoader.load("{\"certs\": [{\"x1\": \"" + TestCerts.isrgRootX1() + "\"}], \"trust_stores\": ["
                + names + "]}");
        assertEquals(List.of("t0", "t1", "t2"), List.copyOf(p.trustStores().keySet()));
    }
}
