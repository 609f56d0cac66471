package dev.strand.secure.streams.proxy;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Certificates for the TLS origins of these tests, made once per JVM with Netty's test PKI
 * builder: a CA, a server certificate it issued for {@code 127.0.0.1} and {@code localhost}, and an
 * unrelated CA that issued nothing the origins use.
 */
final class OriginPki {

    static final X509Bundle CA;
    static final X509Bundle SERVER;
    static final X509Bundle UNRELATED_CA;

    static {
        try {
            Instant now = Instant.now();
            CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
                    .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
            CA = base.copy().subject("CN=Strand origin test CA").setIsCertificateAuthority(true).buildSelfSigned();
            UNRELATED_CA = base.copy().subject("CN=Not the origin's CA").setIsCertificateAuthority(true).buildSelfSigned();
            SERVER = base.copy().subject("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                    .addExtendedKeyUsageServerAuth().buildIssuedBy(CA);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OriginPki() {
    }

    /** A CA's certificate as a policy's {@code certs} entry holds it: base64 DER. */
    static String policyCert(X509Bundle ca) {
        try {
            return Base64.getEncoder().encodeToString(ca.getCertificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The {@code certs} and {@code trust_stores} sections of a policy with one trust store
     * {@code name} holding {@code ca}, and a leading comma-free JSON fragment ready to go first in
     * a policy object.
     */
    static String trustStore(String name, X509Bundle ca) {
        return "\"certs\": [ { \"" + name + "_ca\": \"" + policyCert(ca) + "\" } ],\n"
                + "  \"trust_stores\": [ { \"name\": \"" + name + "\", \"stack\": [ \"" + name + "_ca\" ] } ],\n";
    }
}
