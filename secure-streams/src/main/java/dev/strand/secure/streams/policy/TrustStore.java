package dev.strand.secure.streams.policy;

import dev.strand.api.transport.TlsOptions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A named CA chain from the policy's {@code trust_stores} section: the certificates a streamtype's
 * server must chain to. Ready for TLS as PEM ({@link #pem()}, what
 * {@link TlsOptions#trustedCasPem()} takes) or as {@link X509Certificate}s. Immutable.
 */
public final class TrustStore {

    private final String name;
    private final List<PolicyCert> stack;
    private final String pem;

    TrustStore(String name, List<PolicyCert> stack) {
        this.name = Objects.requireNonNull(name, "name");
        this.stack = List.copyOf(stack);
        StringBuilder sb = new StringBuilder();
        this.stack.forEach(c -> sb.append(c.pem()));
        this.pem = sb.toString();
    }

    /** The trust store's name. */
    public String name() {
        return name;
    }

    /** The certs entries in the order of {@code stack} (1 to 6 of them). */
    public List<PolicyCert> stack() {
        return stack;
    }

    /** The certificates, in stack order. */
    public List<X509Certificate> certificates() {
        return stack.stream().map(c -> c.certificate().orElseThrow()).toList();
    }

    /** Every certificate as PEM, concatenated in stack order. */
    public String pem() {
        return pem;
    }

    /** {@code options}, trusting exactly this store instead of the JDK's default CAs. */
    public TlsOptions applyTo(TlsOptions options) {
        return options.trusting(pem);
    }

    @Override
    public String toString() {
        return "TrustStore[" + name + ", " + stack.stream().map(PolicyCert::name).toList() + "]";
    }
}
