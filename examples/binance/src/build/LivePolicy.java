import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Build step (run with the build's JDK as a single-file program): writes the live binance policy
 * from its template, with DigiCert Global Root G2, the root Binance's fstream.binance.com chain
 * ends in, as base64 DER in "certs". The certificate comes from the JDK's default trust store, or
 * else from the system's (/etc/ssl/certs), found by its SHA-256 fingerprint; nothing is pasted
 * into the sources. Fails the build, saying what it looked for, if neither has it.
 *
 * usage: java LivePolicy.java TEMPLATE OUTPUT
 */
public class LivePolicy {

    static final String PLACEHOLDER = "@DIGICERT_GLOBAL_ROOT_G2@";
    static final String NAME = "DigiCert Global Root G2";
    static final String SHA256 = "cb3ccbb76031e5e0138f8dd39a23f9de47ffc35e43c1144cea27d46a5ab1cb5f";
    static final Path SYSTEM_PEM = Path.of("/etc/ssl/certs/DigiCert_Global_Root_G2.pem");

    public static void main(String[] args) throws Exception {
        Path template = Path.of(args[0]);
        Path output = Path.of(args[1]);
        List<String> looked = new ArrayList<>();
        X509Certificate root = fromJdk(looked);
        String source = "the JDK's default trust store (" + System.getProperty("java.home") + ")";
        if (root == null) {
            root = fromSystem(looked);
            source = SYSTEM_PEM.toString();
        }
        if (root == null) {
            throw new IllegalStateException(NAME + " (SHA-256 " + SHA256 + ") is in none of: " + looked
                    + "; install the ca-certificates package or build with a JDK whose cacerts has it");
        }
        String text = Files.readString(template);
        if (!text.contains(PLACEHOLDER)) {
            throw new IllegalStateException(template + " lacks " + PLACEHOLDER);
        }
        Files.createDirectories(output.getParent());
        Files.writeString(output, text.replace(PLACEHOLDER, Base64.getEncoder().encodeToString(root.getEncoded())));
        System.out.println("LivePolicy: " + output + " trusts " + root.getSubjectX500Principal().getName()
                + " from " + source);
    }

    static X509Certificate fromJdk(List<String> looked) throws Exception {
        looked.add("the JDK's default trust store");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (var tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    if (matches(c)) {
                        return c;
                    }
                }
            }
        }
        return null;
    }

    static X509Certificate fromSystem(List<String> looked) throws Exception {
        looked.add(SYSTEM_PEM.toString());
        if (!Files.isRegularFile(SYSTEM_PEM)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(SYSTEM_PEM)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return matches(c) ? c : null;
        }
    }

    static boolean matches(X509Certificate c) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
        return HexFormat.of().formatHex(digest).equals(SHA256);
    }
}
