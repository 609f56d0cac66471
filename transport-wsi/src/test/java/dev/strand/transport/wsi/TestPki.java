package dev.strand.transport.wsi;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * Certificates made for the tests, once per JVM: a CA, a server certificate it issued for
 * {@code localhost} and {@code 127.0.0.1}, a client certificate it issued, and an unrelated CA.
 * Built with Netty's own test PKI builder (netty-pkitesting, BouncyCastle underneath).
 */
final class TestPki {

    static final X509Bundle CA;
    static final X509Bundle SERVER;
    static final X509Bundle CLIENT;
    static final X509Bundle OTHER_CA;

    static {
        try {
            Instant now = Instant.now();
            CertificateBuilder base = new CertificateBuilder()
                    .notBefore(now.minus(1, ChronoUnit.DAYS))
                    .notAfter(now.plus(1, ChronoUnit.DAYS))
                    .ecp256();
            CA = base.copy().subject("CN=Strand Test CA").setIsCertificateAuthority(true).buildSelfSigned();
            OTHER_CA = base.copy().subject("CN=Someone Else's CA").setIsCertificateAuthority(true)
                    .buildSelfSigned();
            SERVER = base.copy().subject("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                    .addExtendedKeyUsageServerAuth().buildIssuedBy(CA);
            CLIENT = base.copy().subject("CN=strand-test-client").addExtendedKeyUsageClientAuth()
                    .buildIssuedBy(CA);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestPki() {
    }

    /** A server context with the server certificate, no ALPN, no client authentication. */
    static SslContext server() throws Exception {
        return serverBuilder().build();
    }

    static SslContextBuilder serverBuilder() throws Exception {
        return SslContextBuilder.forServer(SERVER.getKeyPair().getPrivate(), SERVER.getCertificatePath())
                .sslProvider(SslProvider.JDK);
    }

    /** Like {@link #server()} but choosing the certificate through {@code keyManager}. */
    static SslContextBuilder serverBuilder(KeyManager keyManager) {
        return SslContextBuilder.forServer(keyManager).sslProvider(SslProvider.JDK);
    }

    static SslContext serverWithAlpn(String... protocols) throws Exception {
        return serverBuilder().applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                protocols)).build();
    }

    /** Requires a client certificate issued by {@link #CA}, checked by {@code trust}. */
    static SslContext serverRequiringClientCertificate(TrustManager trust) throws Exception {
        return serverBuilder().clientAuth(ClientAuth.REQUIRE).trustManager(trust).build();
    }
}
