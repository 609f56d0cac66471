package dev.strand.secure.streams.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Real certificates for policy tests: public roots from the JDK's default trust store, and
 * certificates generated with the JDK's keytool (a server certificate and key; one too big for
 * lws). Nothing is pasted into sources. Fails, never skips, if a certificate cannot be had.
 */
final class TestCerts {

    private static final String PASSWORD = "changeit";
    private static Path dir;
    private static KeyStore generated;

    private TestCerts() {
    }

    /** A public root CA from the JDK's default trust store whose subject contains {@code cn}. */
    static X509Certificate jdkRoot(String cn) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            X509TrustManager tm = (X509TrustManager) Arrays.stream(tmf.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance).findFirst().orElseThrow();
            return Arrays.stream(tm.getAcceptedIssuers())
                    .filter(c -> c.getSubjectX500Principal().getName().contains("CN=" + cn + ","))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the JDK trust store has no root with CN=" + cn));
        } catch (Exception e) {
            throw new AssertionError("cannot read the JDK's default trust store", e);
        }
    }

    /** ISRG Root X1 (Let's Encrypt), base64 DER as a policy holds it. */
    static String isrgRootX1() {
        return base64(jdkRoot("ISRG Root X1"));
    }

    /** DigiCert Global Root G2 (what binance's chain ends in), base64 DER. */
    static String digicertGlobalRootG2() {
        return base64(jdkRoot("DigiCert Global Root G2"));
    }

    static String base64(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A self-signed EC server certificate for CN=localhost, made by keytool. */
    static X509Certificate serverCertificate() {
        return (X509Certificate) certificate("server");
    }

    /** The server certificate's private key, PKCS#8 DER. */
    static byte[] serverKeyDer() {
        try {
            return ((PrivateKey) generated().getKey("server", PASSWORD.toCharArray())).getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A real X.509 certificate whose DER is over 3072 bytes (many subject alternative names). */
    static X509Certificate bigCertificate() {
        return (X509Certificate) certificate("big");
    }

    private static java.security.cert.Certificate certificate(String alias) {
        try {
            return generated().getCertificate(alias);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static synchronized KeyStore generated() throws Exception {
        if (generated == null) {
            dir = Files.createTempDirectory("strand-policy-certs");
            Runtime.getRuntime().addShutdownHook(new Thread(TestCerts::deleteDir));
            Path store = dir.resolve("certs.p12");
            keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-validity", "2", "-ext", "SAN=dns:localhost,ip:127.0.0.1");
            String sans = IntStream.range(0, 110).mapToObj(i -> String.format("dns:host%03d.strand-policy-test.example", i))
                    .collect(Collectors.joining(","));
            keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-alias", "big", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=big", "-validity", "2",
                    "-ext", "SAN=" + sans);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            generated = ks;
        }
        return generated;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String[] cmd = new String[args.length + 1];
        cmd[0] = keytool.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("keytool failed: " + String.join(" ", cmd) + "\n" + out);
        }
    }

    private static void deleteDir() {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
