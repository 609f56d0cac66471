package dev.strand.secure.streams.policy;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the policy's {@code certs} section: a name and a DER blob. Usually an X.509
 * certificate (for a trust store's {@code stack} or a server's {@code server_cert}); an entry used
 * only as a {@code server_key} holds a private key instead. Immutable.
 */
public final class PolicyCert {

    private static final int PEM_LINE = 64;

    private final String name;
    private final byte[] der;
    private final X509Certificate certificate;

    PolicyCert(String name, byte[] der, X509Certificate certificate) {
        this.name = Objects.requireNonNull(name, "name");
        this.der = der.clone();
        this.certificate = certificate;
    }

    /** The entry's name in {@code certs}. */
    public String name() {
        return name;
    }

    /** A copy of the decoded DER bytes. */
    public byte[] der() {
        return der.clone();
    }

    /** The certificate, if this entry is an X.509 certificate. */
    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /**
     * The certificate as PEM text ({@code -----BEGIN CERTIFICATE-----}).
     *
     * @throws IllegalStateException if this entry is not a certificate (a server key)
     */
    public String pem() {
        if (certificate == null) {
            throw new IllegalStateException("certs entry '" + name + "' is not an X.509 certificate");
        }
        try {
            return toPem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certs entry '" + name + "' cannot be encoded", e);
        }
    }

    static String toPem(String label, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder(b64.length() + b64.length() / PEM_LINE + 64);
        sb.append("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < b64.length(); i += PEM_LINE) {
            sb.append(b64, i, Math.min(b64.length(), i + PEM_LINE)).append('\n');
        }
        return sb.append("-----END ").append(label).append("-----\n").toString();
    }

    @Override
    public String toString() {
        return "PolicyCert[" + name + ", " + der.length + " bytes"
                + (certificate != null ? ", " + certificate.getSubjectX500Principal().getName() : ", not a certificate")
                + "]";
    }
}
