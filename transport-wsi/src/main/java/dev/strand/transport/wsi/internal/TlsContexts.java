package dev.strand.transport.wsi.internal;

import dev.strand.api.transport.TlsOptions;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;

/**
 * Client {@link SslContext}s, one per distinct {@link TlsOptions}, kept (up to
 * {@link #MAX_CONTEXTS}, least recently used dropped) so that the JDK's client session cache,
 * which belongs to the context, resumes sessions to the same host and port.
 *
 * <p>Every context uses the JDK's {@code SSLEngine} (no tcnative), verifies the host name
 * ({@code HTTPS} endpoint identification) against {@code serverName}, sends it as SNI unless it
 * is an IP literal (RFC 6066 forbids those), trusts the PEM CAs given or else the JDK's default
 * trust store, offers the ALPN protocols given, and presents the client certificate given. There
 * is deliberately no way to trust everything. Thread-safe; building a context happens under a
 * lock, once per options value.
 */
public final class TlsContexts {

    static final int MAX_CONTEXTS = 64;

    private static final Map<TlsOptions, SslContext> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<TlsOptions, SslContext> eldest) {
            return size() > MAX_CONTEXTS;
        }
    };

    private TlsContexts() {
    }

    /**
     * The shared context for {@code options}.
     *
     * @throws SSLException if the PEM or the server name cannot be used, saying which
     */
    public static SslContext forClient(TlsOptions options) throws SSLException {
        synchronized (CACHE) {
            SslContext ctx = CACHE.get(options);
            if (ctx == null) {
                ctx = build(options);
                CACHE.put(options, ctx);
            }
            return ctx;
        }
    }

    private static SslContext build(TlsOptions o) throws SSLException {
        String name = o.serverName();
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .endpointIdentificationAlgorithm("HTTPS");
        if (o.trustedCasPem().isPresent()) {
            try {
                b.trustManager(pem(o.trustedCasPem().get()));
            } catch (IllegalArgumentException e) {
                throw unusable(name, "the trusted CA PEM holds no usable certificate (" + e.getMessage() + ")", e);
            }
        }
        if (!NetUtil.isValidIpV4Address(name) && !NetUtil.isValidIpV6Address(name)) {
            try {
                b.serverName(new SNIHostName(name));
            } catch (IllegalArgumentException e) {
                throw unusable(name, "the server name cannot be sent as SNI (" + e.getMessage() + ")", e);
            }
        }
        if (!o.alpn().isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    o.alpn()));
        }
        if (o.clientCertificate().isPresent()) {
            TlsOptions.ClientCertificate cert = o.clientCertificate().get();
            try {
                b.keyManager(pem(cert.chainPem()), pem(cert.keyPem()));
            } catch (IllegalArgumentException e) {
                throw unusable(name, "the client certificate or its PKCS#8 key is not usable PEM ("
                        + e.getMessage() + ")", e);
            }
        }
        try {
            return b.build();
        } catch (SSLException | RuntimeException e) {
            throw unusable(name, e.getMessage(), e);
        }
    }

    private static InputStream pem(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static SSLException unusable(String serverName, String why, Throwable cause) {
        return new SSLException("TLS options for " + serverName + " are unusable: " + why, cause);
    }
}
