package dev.strand.protocol.h2;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP/2 server on {@code mem:NAME} that drives raw frames, for fault injection:
 * it reads the client's preface and frames (split anywhere), decodes request headers, and hands
 * each complete request to a script that answers, resets, sends GOAWAY or misbehaves on purpose.
 * Runs on its own loop; records every frame it receives.
 */
final class H2FaultServer implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** One request as the server received it. */
    record Request(int connection, int streamId, String method, String path, Http2Headers headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One frame the server received from the client. */
    record Frame(int connection, int type, int flags, int streamId, byte[] payload) {
        long errorCode() {
            return type == H2Wire.GOAWAY ? ByteBuffer.wrap(payload, 4, 4).getInt() & 0xffff_ffffL
                    : ByteBuffer.wrap(payload).getInt() & 0xffff_ffffL;
        }

        @Override
        public String toString() {
            return "#" + connection + " " + H2Wire.frameName(type) + " flags=" + flags + " stream=" + streamId + " len=" + payload.length;
        }
    }

    /** Decides what happens to each request. Runs on the server's loop. */
    interface Script {
        void onRequest(Request request, Conn connection);
    }

    /** What the server sends when a connection opens, before anything else. */
    interface Opening {
        void onOpen(Conn connection);
    }

    /** Sends the empty SETTINGS every server starts with. */
    static final Opening PLAIN_SETTINGS = c -> c.settings();

    final EventLoop loop = new EventLoop("h2-fault-server-" + NAMES.incrementAndGet());
    final String name = "h2-fault-" + NAMES.incrementAndGet() + "-" + System.nanoTime();
    final Endpoint endpoint = Endpoint.parse("mem:" + name);
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Frame> frames = new CopyOnWriteArrayList<>();
    final List<Conn> connections = new CopyOnWriteArrayList<>();
    volatile Script script;
    volatile Opening opening = PLAIN_SETTINGS;
    /** Whether to give flow-control credit back for request bodies as they arrive. */
    volatile boolean autoWindowUpdate = true;
    /** Whether to answer PINGs. */
    volatile boolean answerPings = true;
    private final Listener listener;

    H2FaultServer(Script script) throws IOException {
        this.script = script;
        this.listener = new LoopbackTransport().listen(endpoint, loop, link -> {
            Conn c = new Conn(link, connections.size() + 1);
            connections.add(c);
            return c;
        });
    }

    /** Answers 200 with a body naming the request. */
    static Script echo() {
        return (r, c) -> c.respond(r.streamId(), 200, r.method() + " " + r.path() + " " + r.bodyText());
    }

    /** Frames of one type the client sent, in order. */
    List<Frame> framesOfType(int type) {
        return frames.stream().filter(f -> f.type() == type).toList();
    }

    /** Waits until {@code check} holds (5 s at most). */
    static void await(String what, java.util.function.BooleanSupplier check) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
        loop.execute(() -> connections.forEach(c -> c.link.abort(new IOException("server closed"))));
        loop.close();
    }

    /** One server-side connection. All methods run on the server's loop (use {@link #run} from elsewhere). */
    final class Conn implements LinkHandler {
        final Link link;
        final int number;
        final Hpack hpack = new Hpack(1 << 20);
        private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
        private final FrameReader reader = new FrameReader(1 << 24);
        private final FrameWriter writer = new FrameWriter();
        private final Map<Integer, Http2Headers> heads = new HashMap<>();
        private final Map<Integer, ByteArrayOutputStream> bodies = new HashMap<>();
        private final ByteBuffer preface = ByteBuffer.allocate(H2Wire.PREFACE.length);
        private ByteArrayOutputStream headerBlock;
        private int headerBlockStream;
        private boolean headerBlockEnd;
        final List<Integer> openStreams = Collections.synchronizedList(new ArrayList<>());
        volatile int maxOpenStreams;
        volatile boolean closed;

        Conn(Link link, int number) {
            this.link = link;
            this.number = number;
        }

        void run(Runnable r) {
            loop.execute(r);
        }

        void later(long millis, Runnable r) {
            loop.schedule(r, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onOpen(Link l) {
            opening.onOpen(this);
        }

        @Override
        public void onRead(Link l, ByteBuffer data) {
            if (preface.hasRemaining()) {
                int n = Math.min(preface.remaining(), data.remaining());
                for (int i = 0; i < n; i++) {
                    preface.put(data.get());
                }
                if (preface.hasRemaining()) {
                    return;
                }
                if (!java.util.Arrays.equals(preface.array(), H2Wire.PREFACE)) {
                    l.abort(new IOException("bad preface"));
                    return;
                }
            }
            try {
                reader.read(data, this::onFrame);
            } catch (Http2Error e) {
                l.abort(new IOException(e.getMessage()));
            }
        }

        private void onFrame(int type, int flags, int streamId, ByteBuffer payload) {
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            frames.add(new Frame(number, type, flags, streamId, bytes));
            switch (type) {
                case H2Wire.SETTINGS -> {
                    if ((flags & H2Wire.FLAG_ACK) == 0) {
                        writer.settingsAck();
                        flush();
                    }
                }
                case H2Wire.PING -> {
                    if ((flags & H2Wire.FLAG_ACK) == 0 && answerPings) {
                        writer.ping(true, payload.getLong(0));
                        flush();
                    }
                }
                case H2Wire.HEADERS -> {
                    ByteBuffer p = payload.duplicate();
                    if ((flags & H2Wire.FLAG_PADDED) != 0) {
                        int pad = p.get() & 0xff;
                        p.limit(p.limit() - pad);
                    }
                    if ((flags & H2Wire.FLAG_PRIORITY) != 0) {
                        p.position(p.position() + 5);
                    }
                    headerBlock = new ByteArrayOutputStream();
                    headerBlockStream = streamId;
                    headerBlockEnd = (flags & H2Wire.FLAG_END_STREAM) != 0;
                    append(p);
                    if ((flags & H2Wire.FLAG_END_HEADERS) != 0) {
                        headersDone();
                    }
                }
                case H2Wire.CONTINUATION -> {
                    append(payload.duplicate());
                    if ((flags & H2Wire.FLAG_END_HEADERS) != 0) {
                        headersDone();
                    }
                }
                case H2Wire.DATA -> {
                    bodies.computeIfAbsent(streamId, k -> new ByteArrayOutputStream()).write(bytes, 0, bytes.length);
                    if (autoWindowUpdate && bytes.length > 0) {
                        writer.windowUpdate(0, bytes.length);
                        writer.windowUpdate(streamId, bytes.length);
                        flush();
                    }
                    if ((flags & H2Wire.FLAG_END_STREAM) != 0) {
                        requestDone(streamId);
                    }
                }
                case H2Wire.RST_STREAM -> openStreams.remove((Integer) streamId);
                default -> {
                }
            }
        }

        private void append(ByteBuffer p) {
            byte[] b = new byte[p.remaining()];
            p.get(b);
            headerBlock.write(b, 0, b.length);
        }

        private void headersDone() {
            Http2Headers h;
            try {
                h = decoder.decodeHeaders(headerBlockStream, Unpooled.wrappedBuffer(headerBlock.toByteArray()));
            } catch (Exception e) {
                link.abort(new IOException(e));
                return;
            }
            int id = headerBlockStream;
            heads.put(id, h);
            openStreams.add(id);
            maxOpenStreams = Math.max(maxOpenStreams, openStreams.size());
            if (headerBlockEnd) {
                requestDone(id);
            }
        }

        private void requestDone(int id) {
            Http2Headers h = heads.get(id);
            ByteArrayOutputStream body = bodies.remove(id);
            Request r = new Request(number, id, String.valueOf(h.method()), String.valueOf(h.path()), h,
                    body == null ? new byte[0] : body.toByteArray());
            requests.add(r);
            script.onRequest(r, this);
        }

        // ---- what scripts send ----

        void settings(int... idsAndValues) {
            writer.settings(idsAndValues);
            flush();
        }

        void respond(int streamId, int status, String body) {
            respond(streamId, status, body.getBytes(StandardCharsets.UTF_8), new DefaultHttp2Headers());
        }

        void respond(int streamId, int status, byte[] body, Http2Headers extra) {
            Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(status));
            h.add(extra);
            headers(streamId, h, body.length == 0);
            if (body.length > 0) {
                data(streamId, body, true);
            }
        }

        void headers(int streamId, Http2Headers h, boolean endStream) {
            try {
                writer.headers(streamId, hpack.encode(streamId, h), endStream, H2Wire.DEFAULT_MAX_FRAME_SIZE);
            } catch (Hpack.HpackException e) {
                throw new IllegalStateException(e);
            }
            if (endStream) {
                openStreams.remove((Integer) streamId);
            }
            flush();
        }

        void data(int streamId, byte[] body, boolean endStream) {
            ByteBuffer b = ByteBuffer.wrap(body);
            do {
                int n = Math.min(b.remaining(), H2Wire.DEFAULT_MAX_FRAME_SIZE);
                writer.data(streamId, b, n, endStream && n == b.remaining());
            } while (b.hasRemaining());
            if (endStream) {
                openStreams.remove((Integer) streamId);
            }
            flush();
        }

        void rst(int streamId, ErrorCode code) {
            writer.rstStream(streamId, code);
            openStreams.remove((Integer) streamId);
            flush();
        }

        void goAway(int lastStreamId, ErrorCode code) {
            writer.goAway(lastStreamId, code, "fault server");
            flush();
        }

        void windowUpdate(int streamId, int increment) {
            writer.windowUpdate(streamId, increment);
            flush();
        }

        void ping(long payload) {
            writer.ping(false, payload);
            flush();
        }

        /** A frame exactly as given, however wrong. */
        void raw(int type, int flags, int streamId, byte[] payload) {
            writer.raw(type, flags, streamId, ByteBuffer.wrap(payload));
            flush();
        }

        /** Bytes exactly as given. */
        void bytes(byte[] b) {
            link.write(ByteBuffer.wrap(b));
        }

        void hangUp() {
            link.abort(new IOException("fault server hangs up"));
        }

        private void flush() {
            writer.drainTo(link::write);
        }

        @Override
        public void onClosed(Link l, Throwable cause) {
            closed = true;
        }
    }
}
