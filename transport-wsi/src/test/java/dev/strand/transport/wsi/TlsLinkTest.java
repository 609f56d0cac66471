package dev.strand.transport.wsi;

import static dev.strand.transport.wsi.Probe.barrier;
import static dev.strand.transport.wsi.Probe.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.TlsOptions;
import dev.strand.transport.wsi.internal.WsiListener;
import io.netty.handler.ssl.SslContext;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TLS client links against a TLS server with certificates made by the test: trust, host names,
 * ALPN, session resumption, client certificates, and the messages a person gets when it fails.
 */
class TlsLinkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WsiTransport transport = new WsiTransport(WsiSettings.defaults());
    private final Loop clientLoop = TestLoops.foreign().next();
    private WsiListener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    private Endpoint serve(SslContext server, LinkAcceptor acceptor) throws Exception {
        listener = WsiListener.open(Endpoint.parse("tcp:127.0.0.1:0"), TestLoops.nettyEpoll(), acceptor,
                WsiSettings.defaults(), server);
        return listener.endpoint();
    }

    private Probe connect(Endpoint endpoint, TlsOptions tls) {
        Probe client = Probe.recorder();
        transport.connect(endpoint, ConnectOptions.DEFAULT.withConnectTimeout(TIMEOUT).withTls(tls), clientLoop, client);
        return client;
    }

    private static TlsOptions trustingOurCa(String serverName) {
        return TlsOptions.to(serverName).trusting(TestPki.CA.getCertificatePEM());
    }

    @Test
    void aTrustedServerOpensTheLinkAndCarriesBytes() throws Exception {
        Endpoint endpoint = serve(TestPki.server(), link -> Probe.echo());
        Probe client = connect(endpoint, trustingOurCa("localhost"));
        Link link = client.awaitOpen();
        assertEquals(Optional.empty(), link.negotiatedAlpn());
        byte[] payload = WsiLinkContractTest.random(100_000, 11);
        client.send(link, payload, 8192);
        assertArrayEquals(payload, client.awaitBytes(payload.length));
    }

    @Test
    void anIpLiteralServerNameIsVerifiedAgainstTheCertificatesIpAddresses() throws Exception {
        Endpoint endpoint = serve(TestPki.server(), link -> Probe.echo());
        connect(endpoint, trustingOurCa("127.0.0.1")).awaitOpen();
        Throwable failure = connect(endpoint, trustingOurCa("127.0.0.2")).awaitConnectFailed();
        assertTrue(failure.getMessage().contains("hostname mismatch"), failure.getMessage());
    }

    @Test
    void aCertificateFromAnUntrustedCaFailsClosedWithAClearMessage() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        Endpoint endpoint = serve(TestPki.server(), link -> {
            accepted.incrementAndGet();
            return Probe.echo();
        });
        Probe client = connect(endpoint, TlsOptions.to("localhost").trusting(TestPki.OTHER_CA.getCertificatePEM()));
        Throwable failure = client.awaitConnectFailed();
        assertInstanceOf(SSLHandshakeException.class, failure);
        assertEquals("TLS handshake with " + endpoint.address()
                + " failed: certificate not trusted (PKIX path building failed)", failure.getMessage());
        assertNotNull(failure.getCause());
        barrier(clientLoop);
        assertFalse(client.opened.isDone());
        assertEquals(0, client.closes.get());
        assertEquals(0, accepted.get(), "the server opened a link whose handshake failed");
    }

    @Test
    void theJdkDefaultTrustStoreIsUsedWhenNoCaIsGiven() throws Exception {
        Endpoint endpoint = serve(TestPki.server(), link -> Probe.echo());
        Throwable failure = connect(endpoint, TlsOptions.to("localhost")).awaitConnectFailed();
        assertTrue(failure.getMessage().endsWith("certificate not trusted (PKIX path building failed)"),
                failure.getMessage());
    }

    @Test
    void aCertificateForAnotherNameFailsAsAHostnameMismatch() throws Exception {
        Endpoint endpoint = serve(TestPki.server(), link -> Probe.echo());
        Throwable failure = connect(endpoint, trustingOurCa("strand.invalid")).awaitConnectFailed();
        assertInstanceOf(SSLHandshakeException.class, failure);
        assertTrue(failure.getMessage().startsWith("TLS handshake with " + endpoint.address()
                + " failed: hostname mismatch"), failure.getMessage());
    }

    @Test
    void alpnChoosesACommonProtocolAndTheLinkReportsItFromOnOpen() throws Exception {
        Endpoint endpoint = serve(TestPki.serverWithAlpn("h2", "http/1.1"), link -> Probe.echo());
        assertEquals(Optional.of("h2"), alpnSeenInOnOpen(endpoint, List.of("h2", "http/1.1")));
        assertEquals(Optional.of("http/1.1"), alpnSeenInOnOpen(endpoint, List.of("http/1.1")));
        assertEquals(Optional.empty(), alpnSeenInOnOpen(endpoint, List.of()));
    }

    private Optional<String> alpnSeenInOnOpen(Endpoint endpoint, List<String> offered) throws Exception {
        CompletableFuture<Optional<String>> seen = new CompletableFuture<>();
        Probe client = new Probe() {
            @Override
            public void onOpen(Link link) {
                seen.complete(link.negotiatedAlpn());
                super.onOpen(link);
            }
        };
        transport.connect(endpoint, ConnectOptions.DEFAULT.withConnectTimeout(TIMEOUT)
                .withTls(trustingOurCa("localhost").offering(offered)), clientLoop, client);
        return get(seen);
    }

    @Test
    void aSecondConnectionWithEqualOptionsResumesTheSession() throws Exception {
        CountingKeyManager keys = new CountingKeyManager((X509ExtendedKeyManager)
                TestPki.SERVER.toKeyManagerFactory().getKeyManagers()[0]);
        Endpoint endpoint = serve(TestPki.serverBuilder(keys).build(), link -> Probe.echo());

        exchangeAndClose(endpoint, trustingOurCa("localhost").offering(List.of("x-resumption-test")));
        assertEquals(1, keys.serverCertificateChoices.get(), "a first handshake picks a certificate");
        exchangeAndClose(endpoint, trustingOurCa("localhost").offering(List.of("x-resumption-test")));
        assertEquals(1, keys.serverCertificateChoices.get(), "the second handshake was not resumed");

        exchangeAndClose(endpoint, trustingOurCa("localhost").offering(List.of("x-other-options")));
        assertEquals(2, keys.serverCertificateChoices.get(), "other options share a session cache");
    }

    /** One round trip (which also lets the client take the server's session ticket), then close. */
    private void exchangeAndClose(Endpoint endpoint, TlsOptions tls) throws Exception {
        Probe client = connect(endpoint, tls);
        Link link = client.awaitOpen();
        client.send(link, new byte[] {1, 2, 3}, 3);
        client.awaitBytes(3);
        Probe.run(link.loop(), link::close);
        client.awaitClosed();
    }

    @Test
    void aServerThatRequiresAClientCertificateGetsOurs() throws Exception {
        RecordingTrustManager trust = new RecordingTrustManager();
        Endpoint endpoint = serve(TestPki.serverRequiringClientCertificate(trust), link -> Probe.echo());
        TlsOptions tls = trustingOurCa("localhost").presenting(new TlsOptions.ClientCertificate(
                TestPki.CLIENT.getCertificatePathPEM(), TestPki.CLIENT.getPrivateKeyPEM()));
        Probe client = connect(endpoint, tls);
        Link link = client.awaitOpen();
        client.send(link, new byte[] {42}, 1);
        assertArrayEquals(new byte[] {42}, client.awaitBytes(1));
        assertEquals("CN=strand-test-client", trust.clientSubject.get());
    }

    @Test
    void withoutAClientCertificateARequiringServerNeverOpensTheLink() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        Endpoint endpoint = serve(TestPki.serverRequiringClientCertificate(new RecordingTrustManager()), link -> {
            accepted.incrementAndGet();
            return Probe.echo();
        });
        Probe client = connect(endpoint, trustingOurCa("localhost"));
        // TLS 1.3 clients finish their handshake before the server checks their certificate, so
        // the refusal arrives either as a failed connect or as an error right after opening.
        CompletableFuture<Object> outcome = CompletableFuture.anyOf(client.connectFailed, client.closed);
        Object result = get(outcome);
        if (result instanceof Probe.Closed closed) {
            assertInstanceOf(SSLException.class, closed.cause());
        } else {
            assertInstanceOf(SSLException.class, result);
        }
        assertEquals(0, accepted.get());
    }

    @Test
    void unusablePemFailsTheConnectWithAClearMessage() throws Exception {
        Endpoint endpoint = serve(TestPki.server(), link -> Probe.echo());
        Throwable failure = connect(endpoint, TlsOptions.to("localhost").trusting("not a certificate"))
                .awaitConnectFailed();
        assertInstanceOf(SSLException.class, failure);
        assertTrue(failure.getMessage().startsWith(
                "TLS options for localhost are unusable: the trusted CA PEM holds no usable certificate"),
                failure.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        listenSilently();
        Probe client = Probe.recorder();
        transport.connect(listener.endpoint(), ConnectOptions.DEFAULT.withConnectTimeout(Duration.ofMillis(300))
                .withTls(trustingOurCa("localhost")), clientLoop, client);
        Throwable failure = client.awaitConnectFailed();
        assertEquals("TLS handshake with " + listener.endpoint().address() + " failed: timed out after 300 ms",
                failure.getMessage());
    }

    @Test
    void abandoningAPendingConnectTellsNobodyAndClosesTheSocket() throws Exception {
        CompletableFuture<Probe> server = listenSilently();
        Probe client = Probe.recorder();
        Loop.Scheduled attempt = transport.connect(listener.endpoint(),
                ConnectOptions.DEFAULT.withConnectTimeout(TIMEOUT).withTls(trustingOurCa("localhost")), clientLoop, client);
        get(server).awaitOpen();
        assertTrue(attempt.cancel());
        assertFalse(attempt.cancel());
        get(server).awaitClosed();
        barrier(clientLoop);
        assertFalse(client.opened.isDone());
        assertFalse(client.connectFailed.isDone());
    }

    @Test
    void tlsIsOfferedOverTcpOnly() {
        assertThrows(IllegalArgumentException.class, () -> transport.connect(Endpoint.parse("unix:@x"),
                ConnectOptions.DEFAULT.withTls(TlsOptions.to("x")), clientLoop, Probe.recorder()));
    }

    /** A plain TCP listener whose links never write: a TLS client waits for a ServerHello forever. */
    private CompletableFuture<Probe> listenSilently() throws Exception {
        CompletableFuture<Probe> accepted = new CompletableFuture<>();
        listener = (WsiListener) transport.listen(Endpoint.parse("tcp:127.0.0.1:0"), TestLoops.nettyEpoll(), link -> {
            Probe p = Probe.recorder();
            accepted.complete(p);
            return p;
        });
        return accepted;
    }

    /** Counts how often the server picks its certificate: once per full handshake, never on resumption. */
    private static final class CountingKeyManager extends X509ExtendedKeyManager {
        final AtomicInteger serverCertificateChoices = new AtomicInteger();
        private final X509ExtendedKeyManager delegate;

        CountingKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            String alias = delegate.chooseEngineServerAlias(keyType, issuers, engine);
            if (alias != null) {
                serverCertificateChoices.incrementAndGet();
            }
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    /** Trusts client certificates issued by the test CA and remembers whose it saw. */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        final AtomicReference<String> clientSubject = new AtomicReference<>();
        private final X509ExtendedTrustManager delegate =
                (X509ExtendedTrustManager) TestPki.CA.toTrustManagerFactory().getTrustManagers()[0];

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
            clientSubject.set(chain[0].getSubjectX500Principal().getName());
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("engine only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("engine only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("server side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("server side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("server side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
