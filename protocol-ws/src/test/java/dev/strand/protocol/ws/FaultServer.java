package dev.strand.protocol.ws;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An in-process WebSocket peer for fault injection, written independently of the module's code:
 * it answers the upgrade with its own SHA-1 of the key, then lets a script send any bytes
 * (malformed frames included), and decodes what the client sends back (unmasking it, and
 * checking that it is masked). Listens over any transport ({@code mem:} or real TCP).
 */
final class FaultServer implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** A frame the client sent, unmasked. */
    record Frame(int opcode, boolean fin, boolean masked, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    final EventLoop loop = new EventLoop("ws-fault-server-" + NAMES.incrementAndGet());
    final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Listener listener;
    private final Consumer<Peer> script;
    private final Function<String, String> answer;

    FaultServer(TransportOps transport, Endpoint endpoint, Consumer<Peer> script) throws IOException {
        this(transport, endpoint, FaultServer::switchingProtocols, script);
    }

    /** A server that answers the upgrade request (given its key) with {@code answer}'s text. */
    FaultServer(TransportOps transport, Endpoint endpoint, Function<String, String> answer, Consumer<Peer> script)
            throws IOException {
        this.script = script;
        this.answer = answer;
        this.listener = transport.listen(endpoint, loop, Peer::new);
    }

    /** A correct 101 answer. */
    static String switchingProtocols(String key) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
    }

    Endpoint endpoint() {
        return listener.endpoint();
    }

    Frame nextFrame() throws InterruptedException {
        Frame f = received.poll(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("the client sent no frame within " + Recorder.WAIT_SECONDS + " s; events " + events);
        }
        return f;
    }

    /** The next close frame the client sent, skipping others. */
    Frame nextClose() throws InterruptedException {
        for (Frame f = nextFrame(); ; f = nextFrame()) {
            if (f.opcode() == WsWire.OP_CLOSE) {
                return f;
            }
        }
    }

    @Override
    public void close() {
        listener.close();
        loop.close();
    }

    /** One accepted connection. */
    final class Peer implements LinkHandler {
        private final Link link;
        private final ByteArrayOutputStream in = new ByteArrayOutputStream();
        private boolean upgraded;

        Peer(Link link) {
            this.link = link;
        }

        /** Sends raw bytes. */
        void send(int... bytes) {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                b[i] = (byte) bytes[i];
            }
            send(b);
        }

        void send(byte[] bytes) {
            loop.execute(() -> link.write(ByteBuffer.wrap(bytes)));
        }

        /** Sends each byte in its own write, some time apart. */
        void trickle(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                byte[] one = {bytes[i]};
                loop.schedule(() -> link.write(ByteBuffer.wrap(one)), i, TimeUnit.MILLISECONDS);
            }
        }

        void closeLink() {
            loop.execute(link::close);
        }

        @Override
        public void onRead(Link l, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            in.writeBytes(b);
            if (!upgraded) {
                String text = in.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end < 0) {
                    return;
                }
                upgraded = true;
                String key = null;
                for (String line : text.substring(0, end).split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                        key = line.substring(line.indexOf(':') + 1).strip();
                    }
                }
                byte[] rest = java.util.Arrays.copyOfRange(in.toByteArray(), end + 4, in.size());
                in.reset();
                in.writeBytes(rest);
                link.write(ByteBuffer.wrap(answer.apply(key).getBytes(StandardCharsets.ISO_8859_1)));
                events.add("upgraded");
                script.accept(this);
            }
            decodeFrames();
        }

        @Override
        public void onClosed(Link l, Throwable cause) {
            events.add("closed" + (cause == null ? "" : " " + cause));
        }

        private void decodeFrames() {
            byte[] buf = in.toByteArray();
            int pos = 0;
            while (buf.length - pos >= 2) {
                int b0 = buf[pos] & 0xFF;
                int b1 = buf[pos + 1] & 0xFF;
                boolean masked = (b1 & 0x80) != 0;
                int len = b1 & 0x7F;
                int at = pos + 2;
                if (len == 126) {
                    if (buf.length - at < 2) {
                        break;
                    }
                    len = ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
                    at += 2;
                } else if (len == 127) {
                    if (buf.length - at < 8) {
                        break;
                    }
                    len = (int) ByteBuffer.wrap(buf, at, 8).getLong();
                    at += 8;
                }
                int keyAt = at;
                if (masked) {
                    at += 4;
                }
                if (buf.length - at < len) {
                    break;
                }
                byte[] payload = new byte[len];
                for (int i = 0; i < len; i++) {
                    payload[i] = masked ? (byte) (buf[at + i] ^ buf[keyAt + (i & 3)]) : buf[at + i];
                }
                received.add(new Frame(b0 & 0x0F, (b0 & 0x80) != 0, masked, payload));
                pos = at + len;
            }
            in.reset();
            in.write(buf, pos, buf.length - pos);
        }
    }

    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
