package dev.strand.secure.streams.policy;

import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;

/**
 * Decodes a {@code certs} entry: base64 (standard or URL-safe alphabet, padding optional,
 * whitespace ignored) to DER, at most {@value #MAX_DER_BYTES} bytes as lws allows, then tries to
 * read it as one X.509 certificate. One per load; not thread-safe.
 */
final class CertDecoder {

    /** lws decodes each cert into a fixed 3072-byte buffer ({@code MAX_CERT_TEMP}, policy-json.c). */
    static final int MAX_DER_BYTES = 3072;

    private final CertificateFactory factory;

    CertDecoder() {
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 certificate factory", e);
        }
    }

    /** The result: the DER bytes and, if they are one, the certificate; otherwise why not. */
    record Decoded(byte[] der, X509Certificate certificate, String notCertificateReason) {
    }

    /**
     * @throws IllegalArgumentException if the text is not base64 or decodes to more than 3072 bytes
     */
    Decoded decode(String base64) {
        String compact = base64.replaceAll("\\s+", "");
        if (compact.isEmpty()) {
            throw new IllegalArgumentException("the cert is empty; expected base64 DER");
        }
        byte[] der;
        try {
            boolean urlSafe = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
            der = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cert is not valid base64: " + e.getMessage());
        }
        if (der.length > MAX_DER_BYTES) {
            throw new IllegalArgumentException("the cert is " + der.length + " bytes of DER; lws holds at most "
                    + MAX_DER_BYTES);
        }
        try {
            Certificate c = factory.generateCertificate(new ByteArrayInputStream(der));
            if (!(c instanceof X509Certificate x)) {
                return new Decoded(der, null, "it is a " + c.getType() + " certificate");
            }
            if (!Arrays.equals(x.getEncoded(), der)) {
                return new Decoded(der, null, "it has bytes after the certificate");
            }
            return new Decoded(der, x, null);
        } catch (CertificateException e) {
            return new Decoded(der, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Whether {@code der} is one complete DER SEQUENCE (what a private key in DER is). */
    static boolean isDerSequence(byte[] der) {
        if (der.length < 2 || der[0] != 0x30) {
            return false;
        }
        int first = der[1] & 0xFF;
        long length;
        int header;
        if (first < 0x80) {
            length = first;
            header = 2;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 4 || der.length < 2 + n) {
                return false;
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (der[2 + i] & 0xFF);
            }
            header = 2 + n;
        }
        return header + length == der.length;
    }
}
