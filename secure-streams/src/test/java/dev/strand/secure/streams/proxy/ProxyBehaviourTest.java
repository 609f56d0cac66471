package dev.strand.secure.streams.proxy;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Loop;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.sss.SssEncoder;
import dev.strand.core.net.sss.SssFrameType;
import dev.strand.core.net.sss.SssWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the proxy does with the policy behind it, seen from a client over a real socket: refusals,
 * onward connect failures and backoff, reconnects, timeouts, and flow control in both directions
 * with a slow peer on either side.
 */
class ProxyBehaviourTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** Streams of one client, recording states. */
    static final class Recorder implements StreamHandler {
        final List<StreamState> states = new CopyOnWriteArrayList<>();
        volatile SecureStream stream;
        final boolean connect;

        Recorder(boolean connect) {
            this.connect = connect;
        }

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            stream = s;
            states.add(state);
            if (state == CREATING && connect) {
                s.connect();
            }
            return StreamResult.OK;
        }
    }

    private static Recorder open(ProxyBed bed, SsProxyClient client, String type, boolean connect) {
        Recorder r = new Recorder(connect);
        Loop loop = bed.clientLoops.next();
        loop.execute(() -> client.create(StreamOptions.of(type, r), loop));
        return r;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void i2207AnUnknownStreamtypeIsRefusedAndTheClientStreamEndsCleanly() throws Exception {
        try (ProxyBed bed = new ProxyBed(Via.TCP)) {
            SsProxyClient client = bed.client();
            Recorder unknown = open(bed, client, "nosuch", true);
            Recorder broker = open(bed, client, "broker", true);
            Recorder echo = open(bed, client, "echo", true);
            assertTrue(SocketPeer.await(() -> unknown.states.contains(DESTROYING) && broker.states.contains(DESTROYING)
                    && echo.states.contains(CONNECTED), LIMIT));
            assertEquals(List.of(DESTROYING), unknown.states, "refused before it was ever created");
            assertEquals(List.of(DESTROYING), broker.states, "mqtt has no onward binding in this proxy");
            client.close();
        }
    }

    @Test
    void anUnreachableOriginIsReportedThenRetriedOnThePolicyBackoffUntilAllRetriesFailed() throws Exception {
        try (ProxyBed bed = new ProxyBed(Via.ABSTRACT_UDS, TestPolicies.echo(closedPort()))) {
            SsProxyClient client = bed.client();
            Recorder r = open(bed, client, "echo", true);
            assertTrue(SocketPeer.await(() -> r.states.contains(ALL_RETRIES_FAILED), LIMIT), r.states::toString);
            assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING,
                    UNREACHABLE, POLL, CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED), r.states,
                    "retry 'quick' conceals 3 failures; each retry is POLL then CONNECTING, as lws's request_tx");
            client.close();
        }
    }

    @Test
    void aNailedUpStreamReconnectsWhenTheOriginDropsIt() throws Exception {
        try (ProxyBed bed = new ProxyBed(Via.PATH_UDS)) {
            SsProxyClient client = bed.client();
            Recorder r = open(bed, client, "nailed", false);
            assertTrue(SocketPeer.await(() -> r.states.contains(CONNECTED), LIMIT), r.states::toString);
            assertTrue(SocketPeer.await(() -> !bed.origin.links.isEmpty(), LIMIT), "the origin saw the connection");
            bed.origin.dropAll();
            assertTrue(SocketPeer.await(() -> r.states.size() >= 7, LIMIT), r.states::toString);
            assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), r.states);
            client.close();
        }
    }

    @Test
    void aTimeoutTheClientArmsFiresAtTheProxyAndIsForwarded() throws Exception {
        try (ProxyBed bed = new ProxyBed(Via.TCP)) {
            SsProxyClient client = bed.client();
            Recorder r = open(bed, client, "echo", true);
            assertTrue(SocketPeer.await(() -> r.states.contains(CONNECTED), LIMIT));
            r.stream.loop().execute(() -> r.stream.startTimeout(100));
            assertTrue(SocketPeer.await(() -> r.states.contains(TIMEOUT), LIMIT), r.states::toString);
            Recorder byPolicy = open(bed, client, "echo", true);
            assertTrue(SocketPeer.await(() -> byPolicy.states.contains(CONNECTED), LIMIT));
            byPolicy.stream.loop().execute(() -> byPolicy.stream.startTimeout(0));
            assertTrue(SocketPeer.await(() -> byPolicy.states.contains(TIMEOUT), LIMIT), "0 is the policy's 300 ms");
            client.close();
        }
    }

    @Test
    void bulkproxflow42dc817d8ASlowClientPausesTheOriginWithoutLoss() throws Exception {
        int total = 16 << 20;
        try (ProxyBed bed = new ProxyBed(Via.TCP)) {
            SocketPeer client = new SocketPeer();
            bed.wsi.connect(bed.endpoint, ConnectOptions.DEFAULT, bed.clientLoops.next(), client);
            assertTrue(SocketPeer.await(client::open, LIMIT));
            client.send(streamType("slow"));
            assertTrue(SocketPeer.await(() -> client.size() >= 13 + 8, LIMIT), "CREATE_RESULT ',slow' and CREATING");
            client.send(onwardConnect());
            assertTrue(SocketPeer.await(() -> client.size() >= 13 + 3 * 8, LIMIT), "CONNECTING, CONNECTED");
            int handshake = client.size();
            client.reading(false);
            byte[] payload = pattern(total);
            for (int at = 0; at < total; at += 1380) {
                client.send(tx(payload, at, Math.min(1380, total - at)));
            }
            long taken = settled(bed.origin.bytesIn::get);
            assertTrue(taken < total, "the origin was held back (" + taken + " of " + total + " bytes taken)"
                    + " while the client did not read");
            client.reading(true);
            settled(client::size);
            byte[] back = rxPayload(client.bytes(), handshake);
            assertEquals(total, back.length, "every byte came back");
            assertArrayEquals(payload, back, "in order");
        }
    }

    @Test
    void aSlowOriginHoldsTheClientBackWithoutLoss() throws Exception {
        int total = 32 << 20;
        try (ProxyBed bed = new ProxyBed(Via.ABSTRACT_UDS)) {
            bed.origin.reading(false);
            SsProxyClient client = bed.client();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            ProxyEndToEndTest.EchoApp app = new ProxyEndToEndTest.EchoApp(7, total, done);
            Loop loop = bed.clientLoops.next();
            loop.execute(() -> client.create(StreamOptions.of("echo", app), loop));
            Thread.sleep(1000);
            String stalled = app.toString();
            assertTrue(stalled.contains("received 0,"), stalled);
            assertTrue(!stalled.contains("sent " + total + "/"), "the client was held back: " + stalled);
            bed.origin.reading(true);
            assertTrue(done.await(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), app::toString);
            app.check();
            client.close();
        }
    }

    /** Waits until {@code counter} stops changing for 300 ms (at most 20 s); returns its value. */
    private static long settled(java.util.function.LongSupplier counter) throws InterruptedException {
        long last = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (last != counter.getAsLong() && System.nanoTime() < deadline) {
            last = counter.getAsLong();
            Thread.sleep(300);
        }
        return last;
    }

    // ---- raw frames

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 ^ i >>> 11);
        }
        return b;
    }

    /** The RX_PAYLOAD bytes in {@code stream} after {@code from}, frames joined (other frames skipped). */
    private static byte[] rxPayload(byte[] stream, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = from;
        while (at + SssWire.HEADER_SIZE <= stream.length) {
            int type = stream[at] & 0xFF;
            int rem = (stream[at + 1] & 0xFF) << 8 | stream[at + 2] & 0xFF;
            if (at + SssWire.HEADER_SIZE + rem > stream.length) {
                break;
            }
            if (type == SssFrameType.RX_PAYLOAD.code()) {
                out.write(stream, at + SssWire.PAYLOAD_HEADER_SIZE, rem - SssWire.PAYLOAD_SUBHEADER_SIZE);
            }
            at += SssWire.HEADER_SIZE + rem;
        }
        return out.toByteArray();
    }

    private static byte[] streamType(String name) {
        ByteBuffer b = ByteBuffer.allocate(64);
        SssEncoder.streamType(b, 1, SssWire.DEFAULT_INITIAL_TX_CREDIT, name);
        return bytes(b);
    }

    private static byte[] onwardConnect() {
        ByteBuffer b = ByteBuffer.allocate(3);
        SssEncoder.onwardConnect(b);
        return bytes(b);
    }

    private static byte[] tx(byte[] payload, int at, int n) {
        ByteBuffer b = ByteBuffer.allocate(SssWire.PAYLOAD_HEADER_SIZE + n);
        SssEncoder.payloadHeader(b, SssFrameType.TX_PAYLOAD, 0, 0, 1, null, n);
        b.put(payload, at, n);
        return bytes(b);
    }

    private static byte[] bytes(ByteBuffer b) {
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
