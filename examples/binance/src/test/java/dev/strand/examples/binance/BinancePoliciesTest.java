package dev.strand.examples.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BinancePoliciesTest {

    private static String only(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return m.group(1);
    }

    private static X509Certificate cert(String base64) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    @Test
    void theLivePolicyTrustsDigiCertGlobalRootG2AloneForFstreamBinanceCom() throws Exception {
        String live = BinancePolicies.live();
        assertTrue(live.contains("\"endpoint\": \"fstream.binance.com\", \"port\": 443, \"protocol\": \"ws\""), live);
        assertTrue(live.contains("\"http_url\": \"" + BinancePolicies.STREAM_PATH + "\""), live);
        assertTrue(live.contains("\"tls\": true, \"tls_trust_store\": \"digicert\""), live);
        assertTrue(live.contains("\"nailed_up\": true"), live);
        assertTrue(live.contains("\"conceal\": 65535"), live);
        X509Certificate root = cert(only(live, "\"digicert_global_root_g2\": \"([A-Za-z0-9+/=]+)\""));
        assertEquals("CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US",
                root.getSubjectX500Principal().getName());
        assertEquals("cb3ccbb76031e5e0138f8dd39a23f9de47ffc35e43c1144cea27d46a5ab1cb5f",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded())));
    }

    @Test
    void aLocalFeedPolicyTrustsTheGivenCaForTheGivenPlace() throws Exception {
        String ca = only(BinancePolicies.live(), "\"digicert_global_root_g2\": \"([A-Za-z0-9+/=]+)\"");
        String local = BinancePolicies.localFeed("127.0.0.1", 18082, ca);
        assertTrue(local.contains("\"endpoint\": \"127.0.0.1\", \"port\": 18082, \"protocol\": \"ws\""), local);
        assertTrue(local.contains("\"tls\": true, \"tls_trust_store\": \"local_feed\""), local);
        assertEquals(ca, only(local, "\"local_feed_ca\": \"([A-Za-z0-9+/=]+)\""));
    }

    @Test
    void aLocalFeedPolicyRefusesWhatWouldBreakItsJson() {
        assertThrows(IllegalArgumentException.class, () -> BinancePolicies.localFeed("a\",\"x", 1, "AA=="));
        assertThrows(IllegalArgumentException.class, () -> BinancePolicies.localFeed("h", 1, "A\"A"));
        assertThrows(IllegalArgumentException.class, () -> BinancePolicies.localFeed("h", 0, "AA=="));
    }
}
