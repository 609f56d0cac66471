package dev.strand.conformance;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A third-party WebSocket echo origin: Debian's python3-websockets (installed with apt if
 * {@code /usr/bin/python3} cannot import it) with a plain and a TLS listener; the TLS one presents
 * a certificate for {@code localhost} issued by a CA made for the run ({@link #caBase64Der()}, what
 * a policy's {@code certs} entry holds). Every message goes back as it came, text or binary.
 */
final class PythonWsEcho implements AutoCloseable {

    private static final String SCRIPT = """
            import asyncio, ssl, sys, websockets
            async def echo(ws, path=None):
                async for m in ws:
                    await ws.send(m)
            async def main(cert, key):
                common = dict(max_size=None, ping_interval=None, compression=None)
                plain = await websockets.serve(echo, "127.0.0.1", 0, **common)
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(cert, key)
                tls = await websockets.serve(echo, "127.0.0.1", 0, ssl=context, **common)
                print(plain.sockets[0].getsockname()[1], tls.sockets[0].getsockname()[1], flush=True)
                await asyncio.Future()
            asyncio.run(main(sys.argv[1], sys.argv[2]))
            """;

    private final Path dir;
    private final Process process;
    private final X509Bundle ca;
    final int port;
    final int tlsPort;

    PythonWsEcho() throws Exception {
        if (!Pty.run("/usr/bin/python3 -c 'import websockets'")) {
            Pty.run("apt-get install -y -q python3-websockets || (apt-get update -q && apt-get install -y -q python3-websockets)");
        }
        dir = Files.createTempDirectory("strand-conformance-ws-");
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
        ca = base.copy().subject("CN=Strand conformance CA").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle server = base.copy().subject("CN=localhost").addSanDnsName("localhost")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        Files.writeString(dir.resolve("server.pem"), server.getCertificatePathPEM());
        Files.writeString(dir.resolve("server.key"), server.getPrivateKeyPEM());
        Path script = dir.resolve("echo.py");
        Files.writeString(script, SCRIPT);
        process = new ProcessBuilder("/usr/bin/python3", "-u", script.toString(), dir.resolve("server.pem").toString(),
                dir.resolve("server.key").toString()).redirectError(dir.resolve("stderr.log").toFile()).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the python3-websockets echo origin did not start: "
                    + Files.readString(dir.resolve("stderr.log")));
        }
        String[] ports = line.strip().split(" ");
        port = Integer.parseInt(ports[0]);
        tlsPort = Integer.parseInt(ports[1]);
    }

    /** The run's CA as a policy {@code certs} value: base64 DER. */
    String caBase64Der() throws Exception {
        return Base64.getEncoder().encodeToString(ca.getCertificate().getEncoded());
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
}
