package dev.strand.secure.streams.local;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An HTTP/1.1 origin over in-JVM links ({@link TcpOverMem}), for fake-clock tests of HTTP streams:
 * it reads requests (a head, and a body by Content-Length or chunked), records them, and answers
 * as its responder says; a reply can come at once, in chunks spread over the loop's clock, or be
 * a hang-up. Confined to the test's loop.
 */
final class MemHttpOrigin implements AutoCloseable {

    /** A request as the origin read it. */
    record Request(int connection, String method, String target, List<String> headerLines, byte[] body) {
        String header(String name) {
            for (String h : headerLines) {
                int colon = h.indexOf(':');
                if (h.substring(0, colon).equalsIgnoreCase(name)) {
                    return h.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /**
     * An answer: status 0 hangs up without one. With {@code chunks} above 0 the body goes chunked in
     * that many pieces, {@code pauseMillis} apart on the loop's clock.
     */
    record Reply(int status, List<String> headerLines, String body, int chunks, long pauseMillis) {
        static Reply of(int status, String body, String... headerLines) {
            return new Reply(status, List.of(headerLines), body, 0, 0);
        }

        static Reply hangUp() {
            return new Reply(0, List.of(), "", 0, 0);
        }

        Reply inChunks(int n, long pause) {
            return new Reply(status, headerLines, body, n, pause);
        }
    }

    private final Loop loop;
    private final Listener listener;
    private final Function<Request, Reply> responder;
    final List<Request> requests = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    int connections;
    /** Whether new connections are left unread (a stalled server: the client's writes back up). */
    boolean stalled;

    MemHttpOrigin(TcpOverMem tcp, Loop loop, int port, Function<Request, Reply> responder) throws IOException {
        this.loop = loop;
        this.responder = responder;
        this.listener = tcp.listenTcp("127.0.0.1", port, loop, l -> new Conn(++connections));
    }

    @Override
    public void close() {
        listener.close();
        List.copyOf(links).forEach(Link::close);
    }

    private final class Conn implements LinkHandler {
        private final int number;
        private final ByteArrayOutputStream in = new ByteArrayOutputStream();

        Conn(int number) {
            this.number = number;
        }

        @Override
        public void onOpen(Link link) {
            links.add(link);
            if (stalled) {
                link.setReading(false);
            }
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            in.writeBytes(b);
            for (Request r = take(); r != null; r = take()) {
                requests.add(r);
                answer(link, responder.apply(r));
            }
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
            links.remove(link);
        }

        private Request take() {
            byte[] all = in.toByteArray();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return null;
            }
            List<String> lines = new ArrayList<>(List.of(text.substring(0, end).split("\r\n")));
            String[] start = lines.remove(0).split(" ");
            Request head = new Request(number, start[0], start[1], lines, new byte[0]);
            int at = end + 4;
            byte[] body;
            if (head.header("Content-Length") != null) {
                int n = Integer.parseInt(head.header("Content-Length"));
                if (all.length < at + n) {
                    return null;
                }
                body = java.util.Arrays.copyOfRange(all, at, at + n);
                at += n;
            } else if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                while (true) {
                    int eol = text.indexOf("\r\n", at);
                    if (eol < 0) {
                        return null;
                    }
                    int n = Integer.parseInt(text.substring(at, eol).strip(), 16);
                    if (all.length < eol + 2 + n + 2) {
                        return null;
                    }
                    b.write(all, eol + 2, n);
                    at = eol + 2 + n + 2;
                    if (n == 0) {
                        break;
                    }
                }
                body = b.toByteArray();
            } else {
                body = new byte[0];
            }
            in.reset();
            in.write(all, at, all.length - at);
            return new Request(number, start[0], start[1], lines, body);
        }

        private void answer(Link link, Reply reply) {
            if (reply.status() == 0) {
                link.close();
                return;
            }
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(" Whatever\r\n");
            reply.headerLines().forEach(h -> head.append(h).append("\r\n"));
            byte[] body = reply.body().getBytes(StandardCharsets.ISO_8859_1);
            if (reply.chunks() == 0) {
                head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
                link.write(ByteBuffer.wrap((head + reply.body()).getBytes(StandardCharsets.ISO_8859_1)));
                return;
            }
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            link.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
            int size = (body.length + reply.chunks() - 1) / reply.chunks();
            for (int i = 0; i < reply.chunks(); i++) {
                int from = Math.min(body.length, i * size);
                int to = Math.min(body.length, from + size);
                String chunk = Integer.toHexString(to - from) + "\r\n"
                        + new String(body, from, to - from, StandardCharsets.ISO_8859_1) + "\r\n"
                        + (i == reply.chunks() - 1 ? "0\r\n\r\n" : "");
                loop.schedule(() -> link.write(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.ISO_8859_1))),
                        (i + 1) * reply.pauseMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
