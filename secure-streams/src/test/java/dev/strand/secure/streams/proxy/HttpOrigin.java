package dev.strand.secure.streams.proxy;

import io.netty.pkitesting.X509Bundle;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A real HTTP/1.1 origin on 127.0.0.1 (an ephemeral port), plain or TLS, written for these tests
 * with blocking sockets (a thread per connection, keep-alive honoured). It records every request
 * (method, target, header fields in order, body) and answers what its {@link Responder} says; it
 * can also misbehave (close without replying, answer in many small chunks). By default it answers
 * as the origin of the golden captures did ({@link #interop()}). Thread-safe for reading.
 */
final class HttpOrigin implements AutoCloseable {

    /** The {@code Server} header the captures' origin sent (and the policy maps to metadata {@code srv}). */
    static final String SERVER = "interop-httpd/1 Python/3.11.2";

    /** One request as the origin read it. */
    record Request(int connection, String method, String target, List<String[]> headers, byte[] body) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }
    }

    /**
     * What to answer.
     *
     * @param status  the status code (0: close the connection without answering)
     * @param headers header fields to send (Content-Length or Transfer-Encoding are added)
     * @param body    the body
     * @param chunk   0 to send {@code Content-Length}; otherwise the body goes chunked in pieces of
     *                this size, each flushed on its own after {@code pauseMillis}
     */
    record Reply(int status, List<String[]> headers, byte[] body, int chunk, long pauseMillis) {
        static Reply of(int status, String body, String... namesAndValues) {
            List<String[]> h = new ArrayList<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                h.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
            }
            return new Reply(status, h, body.getBytes(StandardCharsets.UTF_8), 0, 0);
        }

        static Reply hangUp() {
            return new Reply(0, List.of(), new byte[0], 0, 0);
        }

        Reply chunked(int size, long pause) {
            return new Reply(status, headers, body, size, pause);
        }
    }

    /** Decides the answer to each request. Called on the connection's thread. */
    @FunctionalInterface
    interface Responder {
        Reply reply(Request request);
    }

    private final ServerSocket server;
    private final Responder responder;
    private final Thread acceptor;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<byte[]> bodiesSent = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger handshakeFailures = new AtomicInteger();
    /** The most connections open at once. */
    final AtomicInteger mostAtOnce = new AtomicInteger();
    /** Body bytes written so far (a blocked write counts what went before it). */
    final java.util.concurrent.atomic.AtomicLong bodyBytesOut = new java.util.concurrent.atomic.AtomicLong();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private HttpOrigin(ServerSocket server, Responder responder) {
        this.server = server;
        this.responder = responder;
        this.acceptor = new Thread(this::acceptLoop, "http-origin-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A cleartext origin. */
    static HttpOrigin plain(Responder responder) throws IOException {
        return new HttpOrigin(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), responder);
    }

    /** A TLS origin presenting {@code certificate} (with its chain). */
    static HttpOrigin tls(X509Bundle certificate, Responder responder) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(certificate.toKeyManagerFactory().getKeyManagers(), null, null);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        return new HttpOrigin(s, responder);
    }

    /**
     * The captures' origin: 200 with {@code Server: }{@value #SERVER} and {@code X-Test: 1}, no
     * content type, and a body naming the request ({@code interop-ok METHOD TARGET}, for a request
     * with a body also {@code got N bytes sha256 HEX}) followed by one {@code "  hdr NAME: VALUE"}
     * line per request header, in the order they came.
     */
    static Responder interop() {
        return r -> Reply.of(200, interopBody(r), "Server", SERVER, "X-Test", "1");
    }

    static String interopBody(Request r) {
        StringBuilder b = new StringBuilder("interop-ok ").append(r.method()).append(' ').append(r.target());
        if (r.body().length > 0 || r.method().equals("POST") || r.method().equals("PUT")) {
            b.append(" got ").append(r.body().length).append(" bytes sha256 ").append(sha256(r.body()));
        }
        b.append('\n');
        for (String[] h : r.headers()) {
            b.append("  hdr ").append(h[0]).append(": ").append(h[1]).append('\n');
        }
        return b.toString();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The requests so far whose target starts with {@code prefix}. */
    List<Request> requests(String prefix) {
        return requests.stream().filter(r -> r.target().startsWith(prefix)).toList();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            int n = connections.incrementAndGet();
            open.add(s);
            mostAtOnce.accumulateAndGet(open.size(), Math::max);
            Thread t = new Thread(() -> serve(s, n), "http-origin-conn-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            if (s instanceof SSLSocket tls) {
                try {
                    tls.startHandshake();
                } catch (IOException e) {
                    handshakeFailures.incrementAndGet();
                    return;
                }
            }
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request r = read(in, connection);
                if (r == null) {
                    return;
                }
                requests.add(r);
                Reply reply = responder.reply(r);
                if (reply.status() == 0) {
                    return;
                }
                write(out, reply);
                if ("close".equalsIgnoreCase(r.header("Connection"))) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the peer went away; the next connection is served as usual
        } finally {
            open.remove(s);
        }
    }

    private void write(OutputStream out, Reply reply) throws IOException, InterruptedException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(' ')
                .append(reason(reply.status())).append("\r\n");
        for (String[] h : reply.headers()) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (reply.chunk() == 0) {
            head.append("Content-Length: ").append(reply.body().length).append("\r\n\r\n");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (reply.body().length <= 64 * 1024) {
                all.writeBytes(reply.body());
                out.write(all.toByteArray());
                bodyBytesOut.addAndGet(reply.body().length);
            } else {
                out.write(all.toByteArray());
                for (int at = 0; at < reply.body().length; at += 16 * 1024) {
                    int n = Math.min(16 * 1024, reply.body().length - at);
                    out.write(reply.body(), at, n);
                    bodyBytesOut.addAndGet(n);
                }
            }
            out.flush();
        } else {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] b = reply.body();
            for (int at = 0; at < b.length; at += reply.chunk()) {
                int n = Math.min(reply.chunk(), b.length - at);
                Thread.sleep(reply.pauseMillis());
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b, at, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        bodiesSent.add(reply.body());
    }

    private static Request read(InputStream in, int connection) throws IOException {
        String line = line(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] start = line.split(" ");
        if (start.length != 3) {
            throw new IOException("bad request line: " + line);
        }
        List<String[]> headers = new ArrayList<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).strip()});
        }
        Request bare = new Request(connection, start[0], start[1], headers, new byte[0]);
        byte[] body;
        String length = bare.header("Content-Length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(bare.header("Transfer-Encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int n = Integer.parseInt(line(in).strip(), 16); n > 0; n = Integer.parseInt(line(in).strip(), 16)) {
                b.writeBytes(in.readNBytes(n));
                line(in);
            }
            line(in);
            body = b.toByteArray();
        } else {
            body = new byte[0];
        }
        return new Request(connection, start[0], start[1], headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
