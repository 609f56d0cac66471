package dev.strand.protocol.h1;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx started by the test with its own configuration in a temporary directory: a plain
 * HTTP/1.1 port, a TLS port (HTTP/2 and HTTP/1.1 offered by ALPN) with a certificate issued by a
 * CA generated for the run, and a plain port that ends each connection after 10 requests. It
 * logs the connection number of every request, so tests can tell which requests shared a
 * connection. nginx is installed with apt when missing; if it cannot start, the test fails.
 */
final class Nginx implements AutoCloseable {

    static final int REQUESTS_PER_CONNECTION_ON_LIMITED_PORT = 10;

    final Path dir;
    final int plainPort;
    final int tlsPort;
    final int limitedPort;
    final X509Bundle ca;
    final X509Bundle otherCa;
    private final Process process;

    private Nginx(Path dir, int plainPort, int tlsPort, int limitedPort, X509Bundle ca, X509Bundle otherCa,
                  Process process) {
        this.dir = dir;
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
        this.limitedPort = limitedPort;
        this.ca = ca;
        this.otherCa = otherCa;
        this.process = process;
    }

    static Nginx start() throws Exception {
        Path binary = ensureInstalled();
        Path dir = Files.createTempDirectory("strand-nginx-");
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
        X509Bundle ca = base.copy().subject("CN=Strand nginx test CA").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle otherCa = base.copy().subject("CN=Unrelated CA").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle server = base.copy().subject("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        Files.writeString(dir.resolve("server.pem"), server.getCertificatePathPEM());
        Files.writeString(dir.resolve("server.key"), server.getPrivateKeyPEM());
        Files.createDirectories(dir.resolve("www/dav"));
        Files.createDirectories(dir.resolve("tmp"));
        int[] ports = freePorts(3);
        Files.writeString(dir.resolve("nginx.conf"), config(dir, ports[0], ports[1], ports[2]));
        Process p = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Nginx n = new Nginx(dir, ports[0], ports[1], ports[2], ca, otherCa, p);
        try {
            for (int port : ports) {
                n.awaitListening(port);
            }
        } catch (Exception e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** The access log so far: one line per request, {@code CONNECTION REQUESTS-ON-IT METHOD URI STATUS PORT}. */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** A PEM file holding the CA that issued nginx's certificate. */
    Path caFile() throws IOException {
        Path f = dir.resolve("ca.pem");
        if (!Files.exists(f)) {
            Files.writeString(f, ca.getCertificatePEM());
        }
        return f;
    }

    /** The file nginx stored for a WebDAV PUT to {@code /dav/NAME}. */
    byte[] davFile(String name) throws IOException {
        return Files.readAllBytes(dir.resolve("www/dav").resolve(name));
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

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + logs());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port + " within 20 s: " + logs());
    }

    private String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("stdout.log", "error.log")) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                b.append(f).append(": ").append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return b.toString();
    }

    private static String config(Path dir, int plain, int tls, int limited) {
        String echoModule = Files.exists(Path.of("/usr/lib/nginx/modules/ngx_http_echo_module.so"))
                ? "load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;\n" : "";
        String locations = """
                    location /r/ { default_type text/plain; return 200 "$request_uri"; }
                    location = /echo {
                        client_max_body_size 16m;
                        client_body_buffer_size 16m;
                        echo_read_request_body;
                        echo_request_body;
                    }
                    location /dav/ {
                        root %s;
                        dav_methods PUT;
                        client_max_body_size 16m;
                        client_body_buffer_size 16m;
                    }
                """.formatted(dir.resolve("www"));
        return echoModule + """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 512; }
                http {
                    log_format conn '$connection $connection_requests $request_method $request_uri $status $server_port';
                    access_log %1$s/access.log conn;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    keepalive_requests 100000;
                    keepalive_timeout 60s;
                    server {
                        listen 127.0.0.1:%2$d;
                %5$s
                    }
                    server {
                        listen 127.0.0.1:%3$d ssl http2;
                        server_name localhost;
                        ssl_certificate %1$s/server.pem;
                        ssl_certificate_key %1$s/server.key;
                        ssl_protocols TLSv1.2 TLSv1.3;
                %5$s
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        keepalive_requests %6$d;
                %5$s
                    }
                }
                """.formatted(dir, plain, tls, limited, locations, REQUESTS_PER_CONNECTION_ON_LIMITED_PORT);
    }

    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    /** nginx's binary, installed with apt (nginx-light, which brings the echo module) when missing. */
    private static Path ensureInstalled() throws Exception {
        for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(p)) && Files.exists(Path.of("/usr/lib/nginx/modules/ngx_http_echo_module.so"))) {
                return Path.of(p);
            }
        }
        run("apt-get", "update", "-qq");
        run("apt-get", "install", "-y", "-qq", "nginx-light");
        for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("nginx is not installed and apt-get could not install nginx-light");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
