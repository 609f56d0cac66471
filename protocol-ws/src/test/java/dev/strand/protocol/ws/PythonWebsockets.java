package dev.strand.protocol.ws;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real WebSocket server nobody here wrote: Debian's {@code python3-websockets}, running the
 * small echo script {@code ws_echo_server.py} from a temporary directory, with a plain and a TLS
 * listener (a certificate for {@code localhost} issued by a CA made for the run). Installed with
 * apt when missing; if it cannot start, the test fails.
 */
final class PythonWebsockets implements AutoCloseable {

    private static final String PYTHON = "/usr/bin/python3";

    final Path dir;
    final int plainPort;
    final int tlsPort;
    final X509Bundle ca;
    private final Process process;

    private PythonWebsockets(Path dir, int plainPort, int tlsPort, X509Bundle ca, Process process) {
        this.dir = dir;
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
        this.ca = ca;
        this.process = process;
    }

    static PythonWebsockets start() throws Exception {
        ensureInstalled();
        Path dir = Files.createTempDirectory("strand-python-ws-");
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
        X509Bundle ca = base.copy().subject("CN=Strand python-websockets test CA").setIsCertificateAuthority(true)
                .buildSelfSigned();
        X509Bundle server = base.copy().subject("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        Files.writeString(dir.resolve("server.pem"), server.getCertificatePathPEM());
        Files.writeString(dir.resolve("server.key"), server.getPrivateKeyPEM());
        Path script = dir.resolve("ws_echo_server.py");
        try (InputStream in = PythonWebsockets.class.getResourceAsStream("ws_echo_server.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder(PYTHON, "-u", script.toString(), dir.resolve("server.pem").toString(),
                dir.resolve("server.key").toString())
                .redirectError(dir.resolve("stderr.log").toFile())
                .start();
        CompletableFuture<int[]> ports = CompletableFuture.supplyAsync(() -> readPorts(p));
        int[] both;
        try {
            both = ports.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("python3-websockets echo server did not start: "
                    + Files.readString(dir.resolve("stderr.log")), e);
        }
        return new PythonWebsockets(dir, both[0], both[1], ca, p);
    }

    String plainUri(String path) {
        return "ws://127.0.0.1:" + plainPort + path;
    }

    String tlsUri(String path) {
        return "wss://localhost:" + tlsPort + path;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static int[] readPorts(Process p) {
        int[] ports = {-1, -1};
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line; (ports[0] < 0 || ports[1] < 0) && (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f[0].equals("PLAIN")) {
                    ports[0] = Integer.parseInt(f[1]);
                } else if (f[0].equals("TLS")) {
                    ports[1] = Integer.parseInt(f[1]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (ports[0] < 0 || ports[1] < 0) {
            throw new IllegalStateException("python3-websockets exited before listening");
        }
        return ports;
    }

    /** python3-websockets from Debian, installed with apt when missing. */
    private static void ensureInstalled() throws Exception {
        if (canImport()) {
            return;
        }
        run("apt-get", "update", "-qq");
        run("apt-get", "install", "-y", "-qq", "python3-websockets");
        if (!canImport()) {
            throw new IllegalStateException("apt-get installed python3-websockets but " + PYTHON
                    + " still cannot import websockets");
        }
    }

    private static boolean canImport() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import websockets").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
