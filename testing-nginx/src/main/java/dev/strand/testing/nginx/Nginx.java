package dev.strand.testing.nginx;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx for tests and benchmarks, started with its own configuration in a temporary
 * directory: one {@code server} per {@link Server} asked for, each on a free loopback port, TLS
 * ones with a certificate for {@code localhost}/{@code 127.0.0.1} issued by a CA generated for the
 * run. Every server serves the same locations:
 *
 * <ul>
 *   <li>{@code /r/...}: 200 with the request URI as body;</li>
 *   <li>{@code /echo}: the request body back (nginx's echo module);</li>
 *   <li>{@code /dav/NAME}: WebDAV PUT into the run's directory;</li>
 *   <li>{@code /b/N}: a static file of N bytes for N in {@link #BODY_SIZES}.</li>
 * </ul>
 *
 * It logs the connection number of every request, so tests can tell which requests shared a
 * connection. nginx is installed with apt when missing; if it cannot start, {@link #start} throws
 * (tests fail, never skip). Thread-safe for reading; {@link #close} stops it and deletes the directory.
 */
public final class Nginx implements AutoCloseable {

    /** System property: the CPU to pin nginx to with {@code taskset} (benchmarks); unset or negative leaves it free. */
    public static final String CPU_PROPERTY = "strand.nginx.cpu";

    /** The sizes of the static files under {@code /b/}. */
    public static final List<Integer> BODY_SIZES = List.of(100, 1024, 16 * 1024, 64 * 1024, 1024 * 1024);

    /**
     * One {@code server} block.
     *
     * @param name       what the test calls it ({@link #port(String)})
     * @param listen     what follows the address in {@code listen}: {@code ""}, {@code "ssl http2"}, {@code "http2"}
     * @param directives extra directives inside the block ({@code keepalive_requests 10;})
     */
    public record Server(String name, String listen, String directives) {
        public Server {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(directives, "directives");
        }

        public boolean tls() {
            return Arrays.asList(listen.split(" ")).contains("ssl");
        }
    }

    private final Path dir;
    private final Map<String, Integer> ports;
    private final X509Bundle ca;
    private final X509Bundle otherCa;
    private final Process process;

    private Nginx(Path dir, Map<String, Integer> ports, X509Bundle ca, X509Bundle otherCa, Process process) {
        this.dir = dir;
        this.ports = ports;
        this.ca = ca;
        this.otherCa = otherCa;
        this.process = process;
    }

    /** Starts nginx with these servers and waits until each one listens (20 s at most). */
    public static Nginx start(List<Server> servers) throws Exception {
        Path binary = ensureInstalled();
        Path dir = Files.createTempDirectory("strand-nginx-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
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
        Files.createDirectories(dir.resolve("www/b"));
        Files.createDirectories(dir.resolve("tmp"));
        for (int size : BODY_SIZES) {
            byte[] body = new byte[size];
            for (int i = 0; i < size; i++) {
                body[i] = (byte) ('a' + i % 26);
            }
            Files.write(dir.resolve("www/b/" + size), body);
        }
        makeReadable(dir.resolve("www"));
        int[] free = freePorts(servers.size());
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            ports.put(servers.get(i).name(), free[i]);
        }
        Files.writeString(dir.resolve("nginx.conf"), config(dir, servers, ports));
        List<String> command = new ArrayList<>();
        int cpu = Integer.getInteger(CPU_PROPERTY, -1);
        if (cpu >= 0 && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            command.addAll(List.of("/usr/bin/taskset", "-c", Integer.toString(cpu)));
        }
        command.addAll(List.of(binary.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Nginx n = new Nginx(dir, ports, ca, otherCa, p);
        try {
            for (int port : ports.values()) {
                n.awaitListening(port);
            }
        } catch (Exception e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** The port of the server called {@code name}. */
    public int port(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no server '" + name + "' (servers: " + ports.keySet() + ")");
        }
        return p;
    }

    /** The CA that issued nginx's certificate. */
    public X509Bundle ca() {
        return ca;
    }

    /** A CA that issued nothing nginx uses. */
    public X509Bundle otherCa() {
        return otherCa;
    }

    /** nginx's directory (configuration, logs, served files). */
    public Path dir() {
        return dir;
    }

    /** The access log so far: one line per request, {@code CONNECTION REQUESTS-ON-IT METHOD URI STATUS PORT}. */
    public List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** A PEM file holding the CA that issued nginx's certificate. */
    public Path caFile() throws IOException {
        Path f = dir.resolve("ca.pem");
        if (!Files.exists(f)) {
            Files.writeString(f, ca.getCertificatePEM());
        }
        return f;
    }

    /** The file nginx stored for a WebDAV PUT to {@code /dav/NAME}. */
    public byte[] davFile(String name) throws IOException {
        return Files.readAllBytes(dir.resolve("www/dav").resolve(name));
    }

    /** nginx's version line ({@code nginx version: nginx/1.22.1}). */
    public static String version() throws Exception {
        Process p = new ProcessBuilder(ensureInstalled().toString(), "-v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
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

    private static String config(Path dir, List<Server> servers, Map<String, Integer> ports) {
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
                        root %1$s;
                        dav_methods PUT;
                        client_max_body_size 16m;
                        client_body_buffer_size 16m;
                    }
                    location /b/ { root %1$s; default_type application/octet-stream; }
                """.formatted(dir.resolve("www"));
        StringBuilder blocks = new StringBuilder();
        for (Server s : servers) {
            blocks.append("    server {\n")
                    .append("        listen 127.0.0.1:").append(ports.get(s.name()))
                    .append(s.listen().isEmpty() ? "" : " " + s.listen()).append(";\n");
            if (s.tls()) {
                blocks.append("        server_name localhost;\n")
                        .append("        ssl_certificate ").append(dir).append("/server.pem;\n")
                        .append("        ssl_certificate_key ").append(dir).append("/server.key;\n")
                        .append("        ssl_protocols TLSv1.2 TLSv1.3;\n");
            }
            if (!s.directives().isEmpty()) {
                blocks.append("        ").append(s.directives()).append('\n');
            }
            blocks.append(locations).append("    }\n");
        }
        return echoModule + """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 4096; }
                http {
                    log_format conn '$connection $connection_requests $request_method $request_uri $status $server_port';
                    access_log %1$s/access.log conn;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    sendfile off;
                    keepalive_requests 100000;
                    keepalive_timeout 60s;
                %2$s}
                """.formatted(dir, blocks);
    }

    private static void makeReadable(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxrwxrwx" : "rw-r--r--"));
            }
        }
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
