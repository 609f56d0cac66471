package dev.strand.examples.binance.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeedCertificatesTest {

    private static FeedCertificates certs;

    @BeforeAll
    static void generate() throws Exception {
        certs = FeedCertificates.generate("127.0.0.1");
    }

    @Test
    void theCaIsACaAndSignedTheServerCertificate() throws Exception {
        X509Certificate ca = certs.ca();
        assertTrue(ca.getBasicConstraints() >= 0, "basic constraints mark a CA");
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
        X509Certificate[] chain = certs.serverChain();
        assertEquals(2, chain.length);
        assertEquals(ca, chain[1]);
        chain[0].verify(ca.getPublicKey());
        assertEquals(-1, chain[0].getBasicConstraints(), "the server certificate is no CA");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), chain[0].getExtendedKeyUsage());
        chain[0].checkValidity();
    }

    @Test
    void theServerCertificateNamesTheFeedsAddressesForHostnameVerification() throws Exception {
        List<String> names = certs.serverChain()[0].getSubjectAlternativeNames().stream()
                .map(n -> n.get(1).toString()).toList();
        assertTrue(names.containsAll(List.of("localhost", "127.0.0.1")), names.toString());
    }

    @Test
    void theCaTravelsAsPemAndAsPolicyBase64() throws Exception {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        assertEquals(certs.ca(), f.generateCertificate(
                new ByteArrayInputStream(certs.caPem().getBytes(StandardCharsets.US_ASCII))));
        assertEquals(certs.ca(), f.generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(certs.caDerBase64()))));
    }

    @Test
    void everyRunMakesADifferentCa() throws Exception {
        FeedCertificates other = FeedCertificates.generate("feed.example");
        assertNotEquals(certs.ca().getPublicKey(), other.ca().getPublicKey());
        List<String> names = other.serverChain()[0].getSubjectAlternativeNames().stream()
                .map(n -> n.get(1).toString()).toList();
        assertTrue(names.contains("feed.example"), names.toString());
    }
}
