package dev.strand.api.transport;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for a client link. Hostname verification is always on; there is no way to turn trust
 * checking off. Immutable. Everything here is part of a connection pool's key, because each
 * input changes who the link may be talking to.
 *
 * @param serverName    the name the server's certificate must match (and the SNI sent)
 * @param trustedCasPem PEM text of the CA certificates to trust, or empty for the JDK's defaults
 * @param alpn          the ALPN protocols to offer, in preference order; empty offers none
 * @param clientCertificate the client certificate chain and key, PEM, if the server wants one
 */
public record TlsOptions(String serverName, Optional<String> trustedCasPem, List<String> alpn,
                         Optional<ClientCertificate> clientCertificate) {

    public TlsOptions {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(trustedCasPem, "trustedCasPem");
        alpn = List.copyOf(alpn);
        Objects.requireNonNull(clientCertificate, "clientCertificate");
    }

    /** TLS to {@code serverName}, trusting the JDK's default CAs, no ALPN, no client certificate. */
    public static TlsOptions to(String serverName) {
        return new TlsOptions(serverName, Optional.empty(), List.of(), Optional.empty());
    }

    public TlsOptions trusting(String casPem) {
        return new TlsOptions(serverName, Optional.of(casPem), alpn, clientCertificate);
    }

    public TlsOptions offering(List<String> protocols) {
        return new TlsOptions(serverName, trustedCasPem, protocols, clientCertificate);
    }

    public TlsOptions presenting(ClientCertificate certificate) {
        return new TlsOptions(serverName, trustedCasPem, alpn, Optional.of(certificate));
    }

    /**
     * A client certificate chain and its private key, both PEM.
     *
     * @param chainPem the certificate chain, leaf first
     * @param keyPem   the PKCS#8 private key
     */
    public record ClientCertificate(String chainPem, String keyPem) {
        public ClientCertificate {
            Objects.requireNonNull(chainPem, "chainPem");
            Objects.requireNonNull(keyPem, "keyPem");
        }

        /** Never prints the key. */
        @Override
        public String toString() {
            return "ClientCertificate[" + chainPem.length() + " chars of PEM chain, key hidden]";
        }
    }
}
