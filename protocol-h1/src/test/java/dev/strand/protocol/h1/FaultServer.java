package dev.strand.protocol.h1;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP/1.1 server on {@code mem:NAME} for fault injection: it parses requests
 * (pipelined ones included, bodies by Content-Length or chunked) and hands each to a script that
 * answers, misbehaves or hangs up. Runs on its own loop; records every request and event.
 */
final class FaultServer implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** One request as the server received it. */
    record Request(int connection, int index, String method, String target, Map<String, String> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Decides what happens to each request. Runs on the server's loop. */
    interface Script {
        void onRequest(Request request, Connection connection);
    }

    final EventLoop loop = new EventLoop("fault-server-" + NAMES.incrementAndGet());
    final String name;
    final Endpoint endpoint;
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger connections = new AtomicInteger();
    private final Listener listener;
    volatile Script script;

    FaultServer(Script script) throws IOException {
        this(freshName(), script);
    }

    /** A server on {@code mem:name}. */
    FaultServer(String name, Script script) throws IOException {
        this.name = name;
        this.endpoint = Endpoint.parse("mem:" + name);
        this.script = script;
        this.listener = new LoopbackTransport().listen(endpoint, loop, link -> new Connection(link, connections.incrementAndGet()));
    }

    static String freshName() {
        return "fault-server-" + NAMES.incrementAndGet() + "-" + System.nanoTime();
    }

    /** Answers every request with {@code 200} and a body naming the request. */
    static Script echo() {
        return (r, c) -> c.send(ok(r.method() + " " + r.target() + " " + r.bodyText()));
    }

    static String ok(String body) {
        return response(200, body);
    }

    static String response(int status, String body) {
        return "HTTP/1.1 " + status + " X\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body;
    }

    List<Request> requestsSnapshot() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        listener.close();
        loop.close();
    }

    /** One accepted connection: parses what arrives, lets the script answer. */
    final class Connection implements LinkHandler {
        final int id;
        private final Link link;
        private final ByteArrayOutputStream in = new ByteArrayOutputStream();
        private int index;
        private boolean closed;

        Connection(Link link, int id) {
            this.link = link;
            this.id = id;
            events.add("c" + id + " open");
        }

        void send(String text) {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void send(byte[] bytes) {
            run(() -> {
                if (!closed) {
                    events.add("c" + id + " sent " + firstLine(bytes));
                    link.write(ByteBuffer.wrap(bytes));
                }
            });
        }

        /** Sends {@code text} after {@code millis} ms. */
        void sendLater(String text, long millis) {
            loop.schedule(() -> send(text), millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Closes after what was sent is flushed. */
        void close() {
            run(() -> {
                if (!closed) {
                    events.add("c" + id + " close");
                    link.close();
                }
            });
        }

        /** Drops the connection at once. */
        void reset() {
            run(() -> {
                if (!closed) {
                    events.add("c" + id + " reset");
                    link.abort(new IOException("reset by fault server"));
                }
            });
        }

        private void run(Runnable r) {
            if (loop.inLoop()) {
                r.run();
            } else {
                loop.execute(r);
            }
        }

        @Override
        public void onRead(Link l, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            in.writeBytes(b);
            for (Request r; !closed && (r = nextRequest()) != null; ) {
                requests.add(r);
                events.add("c" + id + " request " + r.method() + " " + r.target());
                script.onRequest(r, this);
            }
        }

        @Override
        public void onClosed(Link l, Throwable cause) {
            closed = true;
            events.add("c" + id + " closed");
        }

        /** Takes one complete request off the input, or returns null if there is none yet. */
        private Request nextRequest() {
            byte[] buf = in.toByteArray();
            int headEnd = indexOf(buf, "\r\n\r\n".getBytes(), 0);
            if (headEnd < 0) {
                return null;
            }
            String[] lines = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            int pos = headEnd + 4;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    int lineEnd = indexOf(buf, "\r\n".getBytes(), pos);
                    if (lineEnd < 0) {
                        return null;
                    }
                    int size = Integer.parseInt(new String(buf, pos, lineEnd - pos, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
                    pos = lineEnd + 2;
                    if (size == 0) {
                        if (buf.length < pos + 2) {
                            return null;
                        }
                        pos += 2;
                        break;
                    }
                    if (buf.length < pos + size + 2) {
                        return null;
                    }
                    body.write(buf, pos, size);
                    pos += size + 2;
                }
            } else {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                if (buf.length < pos + length) {
                    return null;
                }
                body.write(buf, pos, length);
                pos += length;
            }
            in.reset();
            in.write(buf, pos, buf.length - pos);
            return new Request(id, ++index, requestLine[0], requestLine[1], headers, body.toByteArray());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String firstLine(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.ISO_8859_1);
        int eol = s.indexOf('\r');
        return eol >= 0 ? s.substring(0, eol) : s;
    }
}
