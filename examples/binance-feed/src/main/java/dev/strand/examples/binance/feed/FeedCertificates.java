package dev.strand.examples.binance.feed;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A CA made at start and a server certificate it signed, for the local feed: the CA goes into the
 * proxy's policy as its only trusted certificate, the server key and chain into the feed's TLS.
 *
 * <p>Made with the JDK's own {@code keytool} ({@code java.home/bin/keytool}, present in every JDK
 * and in Strand's jlink image) as child processes: four runs (CA and server key pairs in parallel,
 * then the server's request piped into the CA's signing), about a second. keytool rather than
 * hand-written DER (X.509 is easy to get subtly wrong) or BouncyCastle (a large dependency,
 * kept to tests) or {@code netty-pkitesting} (test-only, and BouncyCastle again). The keys are EC
 * P-256, valid for a day. The key stores live in a private temporary folder only while keytool
 * runs; their password is random and reaches keytool through its environment, not its command
 * line. The CA's private key is discarded: nothing else can ever be signed by it.
 *
 * <p>Immutable.
 */
public final class FeedCertificates {

    private static final long KEYTOOL_TIMEOUT_S = 60;
    private static final String PASSWORD_ENV = "STRAND_FEED_STORE_PASSWORD";
    /** keytool starts faster this way, and it needs no more. */
    private static final List<String> QUICK_JVM = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC");

    private final X509Certificate ca;
    private final X509Certificate server;
    private final PrivateKey serverKey;

    private FeedCertificates(X509Certificate ca, X509Certificate server, PrivateKey serverKey) {
        this.ca = ca;
        this.server = server;
        this.serverKey = serverKey;
    }

    /**
     * Makes a CA and a server certificate for {@code host} (an IP literal or a name), also valid
     * for {@code localhost} and {@code 127.0.0.1}.
     *
     * @throws IOException if keytool is missing or fails, with its output
     */
    public static FeedCertificates generate(String host) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("cannot make the feed's certificates: this Java runtime has no " + keytool);
        }
        Path dir = Files.createTempDirectory("strand-feed-pki");
        SecureRandom random = new SecureRandom();
        String password = HexFormat.of().formatHex(bytes(random, 16));
        try {
            Path caStore = dir.resolve("ca.p12");
            Path serverStore = dir.resolve("server.p12");
            Path serverCert = dir.resolve("server.pem");
            Keytool tool = new Keytool(keytool, dir, password);
            Process caPair = tool.start("genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=Strand local feed CA " + HexFormat.of().formatHex(bytes(random, 4)),
                    "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "1",
                    "-keystore", caStore.toString(), "-storetype", "PKCS12");
            Process serverPair = tool.start("genkeypair", "-alias", "feed", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + host, "-validity", "1", "-keystore", serverStore.toString(), "-storetype", "PKCS12");
            tool.finish(caPair, "making the CA's key pair");
            tool.finish(serverPair, "making the server's key pair");
            List<Process> sign = ProcessBuilder.startPipeline(List.of(
                    tool.builder("certreq", "-alias", "feed", "-keystore", serverStore.toString()),
                    tool.builder("gencert", "-alias", "ca", "-keystore", caStore.toString(), "-rfc",
                            "-outfile", serverCert.toString(), "-validity", "1",
                            "-ext", "san=" + subjectAltNames(host), "-ext", "ku:c=digitalSignature",
                            "-ext", "eku=serverAuth")));
            tool.finish(sign.get(0), "making the server's certificate request");
            tool.finish(sign.get(1), "signing the server's certificate");

            KeyStore caKeys = load(caStore, password);
            KeyStore serverKeys = load(serverStore, password);
            X509Certificate caCert = (X509Certificate) caKeys.getCertificate("ca");
            PrivateKey key = (PrivateKey) serverKeys.getKey("feed", password.toCharArray());
            X509Certificate leaf;
            try (InputStream in = Files.newInputStream(serverCert)) {
                leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            leaf.verify(caCert.getPublicKey());
            return new FeedCertificates(caCert, leaf, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("keytool made certificates that cannot be used: " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    /** The CA: the one certificate a client of the feed should trust. */
    public X509Certificate ca() {
        return ca;
    }

    /** The CA as PEM text. */
    public String caPem() {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded(ca))
                + "\n-----END CERTIFICATE-----\n";
    }

    /** The CA as base64 DER, as a policy's {@code certs} holds it. */
    public String caDerBase64() {
        return Base64.getEncoder().encodeToString(encoded(ca));
    }

    /** The server's certificate and then the CA's. */
    public X509Certificate[] serverChain() {
        return new X509Certificate[] {server, ca};
    }

    /** The server's private key. */
    PrivateKey serverKey() {
        return serverKey;
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String subjectAltNames(String host) {
        List<String> names = new ArrayList<>(List.of("dns:localhost", "ip:127.0.0.1"));
        String own = isIpLiteral(host) ? "ip:" + host : "dns:" + host;
        if (!names.contains(own)) {
            names.add(own);
        }
        return String.join(",", names);
    }

    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).getHostAddress() != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static KeyStore load(Path store, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a certificate that was decoded cannot be encoded", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Runs keytool with the store password in its environment. */
    private record Keytool(Path executable, Path dir, String password) {

        ProcessBuilder builder(String command, String... args) {
            List<String> cmd = new ArrayList<>();
            cmd.add(executable.toString());
            cmd.addAll(QUICK_JVM);
            cmd.add("-" + command);
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("-storepass:env", PASSWORD_ENV));
            if (command.equals("genkeypair")) {
                cmd.addAll(List.of("-keypass:env", PASSWORD_ENV));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().put(PASSWORD_ENV, password);
            return pb;
        }

        Process start(String command, String... args) throws IOException {
            return builder(command, args).redirectErrorStream(true).start();
        }

        void finish(Process p, String what) throws IOException, InterruptedException {
            p.getOutputStream().close();
            if (!p.waitFor(KEYTOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish " + what + " within " + KEYTOOL_TIMEOUT_S + " s");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                throw new IOException("keytool failed " + what + " (exit " + p.exitValue() + "): "
                        + (output + " " + errors).strip());
            }
        }
    }
}
