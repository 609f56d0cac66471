package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.LinkLostException;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code onTxUndelivered}: when the link to the proxy goes down with a {@link LinkLostException},
 * the stream maps the unsent byte count back to the chunks whose TX_PAYLOAD frames reach into
 * those bytes and tells the application, oldest first, before DISCONNECTED. On a fake clock, with
 * the test playing the proxy and cutting the client's link with the count it chooses.
 */
class TxUndeliveredTest {

    private static final int FRAME = SssWire.PAYLOAD_HEADER_SIZE;

    private final ManualLoop loop = new ManualLoop();
    private final Cuttable transport = new Cuttable();
    private final Endpoint endpoint = Endpoint.parse("mem:undelivered-" + System.nanoTime());
    private final RawPeer proxy = new RawPeer();
    private final App app = new App();
    private Listener listener;

    @AfterEach
    void stop() {
        listener.close();
    }

    /** A stream, connected, that has sent one chunk of each size given, ordinals 0, 1, ... */
    private SecureStream sent(int... sizes) throws IOException {
        listener = transport.mem.listen(endpoint, loop, proxy);
        SsProxyClient client = SsProxyClient.builder(transport, endpoint).random(() -> 0L).build();
        SecureStream s = client.create(StreamOptions.of("echo", app), loop);
        loop.runPending();
        proxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CONNECTED)));
        loop.runPending();
        for (int size : sizes) {
            app.queue.add(size);
        }
        s.requestTx();
        loop.runPending();
        assertEquals(sizes.length, app.ordinals, "every chunk handed over");
        app.log.clear();
        return s;
    }

    @Test
    void chunksThatReachIntoTheUnsentBytesAreReportedOldestFirstBeforeDisconnected() throws IOException {
        sent(100, 200, 300);
        transport.cut(new LinkLostException("serial device went away", 300 + FRAME + 10));
        assertEquals(List.of("undelivered 1/200", "undelivered 2/300", "DISCONNECTED"), app.events(),
                "chunk 2 never left; the last 10 bytes of chunk 1 did not either");
    }

    @Test
    void aCutAtAFrameBoundaryReportsOnlyTheFramesAfterIt() throws IOException {
        sent(100, 200, 300);
        transport.cut(new LinkLostException("gone", 300 + FRAME));
        assertEquals(List.of("undelivered 2/300", "DISCONNECTED"), app.events());
    }

    @Test
    void nothingIsReportedWhenNothingWasUnsentOrTheTransportCannotTell() throws IOException {
        sent(100);
        transport.cut(new LinkLostException("gone", 0));
        assertEquals(List.of("DISCONNECTED"), app.events());

        app.log.clear();
        loop.advance(Duration.ofSeconds(1));
        proxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CONNECTED)));
        loop.runPending();
        app.queue.add(50);
        app.stream.requestTx();
        loop.runPending();
        transport.cut(new IOException("connection reset"));
        assertEquals(List.of("CONNECTED", "DISCONNECTED"), app.events(), "an IOException says nothing about what was sent");
    }

    @Test
    void afterReconnectingOrdinalsGoOnAndOnlyChunksOfTheNewLinkAreReported() throws IOException {
        sent(10, 20);
        transport.cut(new LinkLostException("gone", 20 + FRAME));
        loop.advance(Duration.ofSeconds(1));
        proxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CONNECTED)));
        loop.runPending();
        app.log.clear();
        app.queue.add(30);
        app.stream.requestTx();
        loop.runPending();
        transport.cut(new LinkLostException("gone again", 1000));
        assertEquals(List.of("undelivered 2/30", "DISCONNECTED"), app.events(),
                "the STREAMTYPE and earlier frames of the new link are in the count, chunks of the old one are not");
    }

    @Test
    void onlyTheMostRecentChunksAreRemembered() throws IOException {
        int[] ones = new int[TxLedger.MAX_CHUNKS + 6];
        java.util.Arrays.fill(ones, 1);
        sent(ones);
        transport.cut(new LinkLostException("gone", Long.MAX_VALUE));
        List<String> events = app.events();
        assertEquals(TxLedger.MAX_CHUNKS + 1, events.size());
        assertEquals("undelivered 6/1", events.get(0), "the oldest remembered");
        assertEquals("undelivered " + (ones.length - 1) + "/1", events.get(TxLedger.MAX_CHUNKS - 1));
    }

    /** Sends a chunk of each queued size; logs undelivered reports and states after CREATING. */
    private static final class App implements StreamHandler {
        final ArrayDeque<Integer> queue = new ArrayDeque<>();
        final List<String> log = new ArrayList<>();
        SecureStream stream;
        int ordinals;

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            stream = s;
            if (state != CREATING) {
                log.add(state.name());
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
            Integer size = queue.poll();
            if (size == null) {
                return StreamResult.TX_DONT_SEND;
            }
            ordinals++;
            chunk.buffer().put(new byte[size]);
            chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
            if (!queue.isEmpty()) {
                s.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public void onTxUndelivered(SecureStream s, int ordinal, int length) {
            log.add("undelivered " + ordinal + "/" + length);
        }

        /** What happened since the log was last cleared. */
        List<String> events() {
            return List.copyOf(log);
        }
    }

    /** Loopback links whose client end the test can cut with any cause. */
    private static final class Cuttable implements TransportOps {
        final LoopbackTransport mem = new LoopbackTransport();
        Link current;

        void cut(Throwable cause) {
            current.abort(cause);
            ((ManualLoop) current.loop()).runPending();
        }

        @Override
        public String name() {
            return "cuttable";
        }

        @Override
        public Set<String> schemes() {
            return Set.of("mem");
        }

        @Override
        public Loop.Scheduled connect(Endpoint e, ConnectOptions o, Loop loop, LinkHandler handler) {
            return mem.connect(e, o, loop, new LinkHandler() {
                @Override
                public void onOpen(Link link) {
                    current = link;
                    handler.onOpen(link);
                }

                @Override
                public void onRead(Link link, ByteBuffer data) {
                    handler.onRead(link, data);
                }

                @Override
                public void onWritable(Link link) {
                    handler.onWritable(link);
                }

                @Override
                public void onClosed(Link link, Throwable cause) {
                    handler.onClosed(link, cause);
                }

                @Override
                public void onConnectFailed(Throwable cause) {
                    handler.onConnectFailed(cause);
                }
            });
        }

        @Override
        public Listener listen(Endpoint e, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
            return mem.listen(e, loops, acceptor);
        }
    }
}
