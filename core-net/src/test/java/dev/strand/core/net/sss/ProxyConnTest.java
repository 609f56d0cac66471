package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.EVENT_WAIT_CANCELLED;
import static dev.strand.api.ss.StreamState.UPSTREAM_LINK_RETRY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.sss.FrameLog.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's per-link terminal against a client played by the test and a scripted onward
 * stream: what it forwards, how it frames it, and its flow control in both directions.
 */
class ProxyConnTest {

    private final ManualLoop loop = new ManualLoop();
    private final LoopbackTransport transport = new LoopbackTransport();
    private final Endpoint endpoint = Endpoint.parse("mem:proxy-conn-" + System.nanoTime());
    private final RawPeer client = new RawPeer();
    private ScriptedOnward onward;
    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    private void start(Function<ScriptedOnward, OnwardCreation> created) throws IOException {
        listener = transport.listen(endpoint, loop, new SssProxy((req, l) -> {
            onward = new ScriptedOnward(l, req.loop());
            return created.apply(onward);
        }, SssLinkProfile.SOCKET));
        transport.connect(endpoint, ConnectOptions.DEFAULT, loop, client);
        loop.runPending();
        client.send(Frames.streamType("echo"));
        loop.runPending();
    }

    private void start() throws IOException {
        start(OnwardCreation::created);
    }

    private List<Frame> received() throws SssProtocolException {
        return CaptureDecodingTest.decode(false, List.of(client.bytes()));
    }

    @Test
    void onlyLegalStateSequencesReachTheClient() throws IOException {
        start();
        try (LogCapture log = new LogCapture()) {
            onward.state(CREATING);
            onward.state(EVENT_WAIT_CANCELLED);
            onward.state(UPSTREAM_LINK_RETRY);
            onward.state(StreamState.of(500));
            onward.state(CONNECTED);
            onward.state(CONNECTING);
            onward.state(CONNECTED);
            onward.state(StreamState.of(1000));
            loop.runPending();
            assertEquals(1, log.warnings().size(), "CREATING -> CONNECTED is not forwarded");
            assertTrue(log.warnings().get(0).contains("went CREATING(1) -> CONNECTED(5), which lws clients refuse"));
        }
        List<Frame> f = received();
        assertEquals(SssFrameType.CREATE_RESULT, f.get(0).type());
        assertEquals(List.of(1L, 6L, 5L, 1000L), f.stream().skip(1).map(Frame::a).toList());
        assertArrayEquals(Frames.of(0x57, 0, 8, 0, 0, 0x03, 0xE8, 0, 0, 0, 0),
                java.util.Arrays.copyOfRange(client.bytes(), client.bytes().length - 11, client.bytes().length),
                "a state of 256 or more travels in 4 bytes");
    }

    @Test
    void createResultCarriesTheClientBufLenAndAtMostTwoRideshares() throws IOException {
        try (LogCapture log = new LogCapture()) {
            start(o -> OnwardCreation.created(o).withPolicy(4096, List.of("a", "b", "c")));
            assertEquals(1, log.warnings().size());
        }
        Frame cr = received().get(0);
        assertEquals(4096, cr.b());
        assertEquals(List.of("echo", "a", "b"), cr.names());
    }

    @Test
    void rxPayloadIsFramedIn1380BytePiecesWithSplitFlagsAndItsRideshare() throws IOException {
        start();
        byte[] data = new byte[3000];
        onward.listener.onRx(ByteBuffer.wrap(data), PayloadFlags.SOM | PayloadFlags.EOM, null);
        onward.listener.onRx(ByteBuffer.wrap(new byte[] {1, 2}), PayloadFlags.SOM, "hget2");
        loop.runPending();
        List<Frame> f = received();
        assertEquals(List.of(1L, 0L, 2L, (long) (PayloadFlags.SOM | PayloadFlags.RIDESHARE)),
                f.stream().skip(1).map(Frame::a).toList());
        assertEquals(List.of(1380, 1380, 240, 2), f.stream().skip(1).map(Frame::payloadLength).toList());
        assertEquals("hget2", f.get(4).text());
        assertEquals(0, f.get(1).b(), "the latency field is 0, as lws writes it");
        assertEquals(loop.monotonicMicros(), f.get(1).c());
    }

    @Test
    void hkStella04RxPayloadNeverCarriesARideshareNameAnLwsClientWouldRefuse() throws IOException {
        start();
        onward.listener.onRx(ByteBuffer.wrap(new byte[] {1}), PayloadFlags.SOM, "r".repeat(32));
        onward.listener.onRx(ByteBuffer.wrap(new byte[] {2}), PayloadFlags.SOM, "");
        onward.listener.onRx(ByteBuffer.wrap(new byte[] {3}), PayloadFlags.SOM, "r".repeat(31));
        loop.runPending();
        List<Frame> f = received().stream().skip(1).toList();
        assertEquals(List.of((long) PayloadFlags.SOM, (long) PayloadFlags.SOM,
                (long) (PayloadFlags.SOM | PayloadFlags.RIDESHARE)), f.stream().map(Frame::a).toList(),
                "a name of 32 bytes or of none goes without the prefix; 31 bytes is sent");
        assertEquals("r".repeat(31), f.get(2).text());
        assertEquals(List.of(1, 1, 1), f.stream().map(Frame::payloadLength).toList());
        assertFalse(client.closed);
    }

    @Test
    void rxMetadataGoesAheadOfQueuedFramesAndWhatLwsWouldRefuseIsDropped() throws IOException {
        start();
        loop.runPending();
        client.received.reset();
        onward.state(CREATING);
        onward.state(CONNECTING);
        onward.meta("ctype", "text/plain");
        try (LogCapture log = new LogCapture()) {
            onward.listener.onRxMetadata("empty", new byte[0]);
            onward.listener.onRxMetadata("n".repeat(31), new byte[] {1});
            onward.listener.onRxMetadata("big", new byte[1577]);
            assertEquals(3, log.warnings().size());
        }
        onward.listener.onRxMetadata("fits", new byte[1572]);
        loop.runPending();
        List<Frame> f = received();
        assertEquals(List.of(SssFrameType.RX_METADATA, SssFrameType.RX_METADATA, SssFrameType.CONNSTATE,
                SssFrameType.CONNSTATE), f.stream().map(Frame::type).toList());
        assertEquals("ctype", f.get(0).text());
        assertEquals("fits", f.get(1).text());
    }

    @Test
    void peerCreditTravelsAsRxCreditAndClientCreditReachesTheOnwardStream() throws IOException {
        start();
        onward.listener.onPeerTxCredit(65535);
        loop.runPending();
        client.send(Frames.of(0xAF, 0, 4, 0, 0, 0x03, 0xE8));
        loop.runPending();
        Frame credit = received().get(1);
        assertEquals(SssFrameType.RX_CREDIT, credit.type());
        assertEquals(65535, credit.a());
        assertEquals(List.of("credit 1000"), onward.calls);
    }

    @Test
    void anOnwardStreamThatDestroysItselfFlushesWhatIsQueuedAndClosesTheLink() throws IOException {
        start();
        onward.state(CREATING);
        onward.state(CONNECTING);
        onward.state(DESTROYING);
        loop.runPending();
        assertTrue(client.closed);
        assertEquals(List.of(SssFrameType.CREATE_RESULT, SssFrameType.CONNSTATE, SssFrameType.CONNSTATE),
                received().stream().map(Frame::type).toList(), "DESTROYING itself is not forwarded");
        assertFalse(onward.closed, "close() is for streams the terminal ends");
    }

    @Test
    void aClientThatDoesNotReadPausesTheOnwardStreamAboveOnAboveAndResumesItBelowOffBelow() throws IOException {
        start(o -> OnwardCreation.created(o).withRxFlow(8192, 2048));
        loop.runPending();
        client.link.setReading(false);
        int total = 400 * 1024;
        int[] pushed = {0};
        Runnable pump = () -> {
            while (onward.reading && pushed[0] < total) {
                onward.rx(new byte[1024], 0);
                pushed[0] += 1024;
            }
        };
        onward.onConnect = pump;
        onward.onResume = pump;
        client.send(Frames.onwardConnect());
        loop.runPending();
        assertEquals("reading false", onward.calls.get(onward.calls.size() - 1));
        assertTrue(pushed[0] > 64 * 1024 && pushed[0] < 80 * 1024,
                "the onward stream stops once the link holds 64 KiB and 8 KiB more are queued: " + pushed[0]);

        client.link.setReading(true);
        loop.runPending();
        assertEquals(total, pushed[0]);
        long payload = received().stream().filter(f -> f.type() == SssFrameType.RX_PAYLOAD)
                .mapToLong(Frame::payloadLength).sum();
        assertEquals(total, payload, "nothing lost");
        assertTrue(onward.calls.contains("reading true"));
        assertFalse(client.closed, "no hang-up, no dropped stream");
    }

    @Test
    void clientPayloadTheOnwardStreamCannotTakeStopsReadingTheClientUntilItCan() throws IOException {
        start();
        loop.runPending();
        client.send(Frames.onwardConnect());
        onward.acceptsMore = false;
        byte[] frame = Frames.tx(new byte[4061], 0);
        for (int i = 0; i < 10; i++) {
            client.send(frame);
        }
        loop.runPending();
        assertEquals(List.of("1380/0", "1380/0", "1301/0"), onward.pieces, "one frame, then the link is not read");

        onward.acceptsMore = true;
        onward.listener.onWritableAgain();
        loop.runPending();
        assertEquals(10 * 4061, onward.tx.size(), "everything arrives once the onward stream takes more");
        assertFalse(client.closed, "where lws hangs up on a full buffer, Strand waits");
    }
}
