package dev.strand.secure.streams.local;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.StateTransitions;
import dev.strand.protocol.h1.H1Protocol;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.secure.streams.policy.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream runtime's connection sequencing on a fake clock (secure-streams.md §1.6–§1.8): which
 * states come, when retries happen, and that only sequences lws's table allows are reported.
 * Onward "TCP" goes over in-JVM links so the clock is the test's.
 */
class LocalStreamTest {

    private static final int PORT = 17000;

    private final ManualLoop loop = new ManualLoop();
    private final TcpOverMem tcp = new TcpOverMem();
    private final Providers providers = Providers.empty();
    private final Policy policy;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<Link> originLinks = new ArrayList<>();
    private final ByteArrayOutputStream originRx = new ByteArrayOutputStream();

    LocalStreamTest() throws Exception {
        providers.addTransport(tcp);
        providers.addProtocol(new RawProtocol());
        String raw = "\"endpoint\": \"127.0.0.1\", \"port\": " + PORT + ", \"protocol\": \"raw\","
                + " \"metadata\": [ { \"xtag\": \"\" } ], \"timeout_ms\": 700";
        policy = PolicyLoader.load("{ \"retry\": [ { \"quick\": { \"backoff\": [100, 200], \"conceal\": 3, \"jitterpc\": 1 } } ],"
                + " \"s\": [ { \"echo\": { " + raw + ", \"retry\": \"quick\" } },"
                + " { \"nailed\": { " + raw + ", \"retry\": \"quick\", \"nailed_up\": true } },"
                + " { \"lazy\": { " + raw + ", \"retry\": \"quick\", \"opportunistic\": true } },"
                + " { \"once\": { " + raw + " } },"
                + " { \"bymeta\": { \"endpoint\": \"${xtag}\", \"port\": " + PORT + ", \"protocol\": \"raw\","
                + " \"metadata\": [ { \"xtag\": \"\" } ] } },"
                + " { \"web\": { \"endpoint\": \"127.0.0.1\", \"protocol\": \"h1\" } } ] }");
    }

    @AfterEach
    void stop() {
        listeners.forEach(Listener::close);
    }

    private void originUp() throws IOException {
        listeners.add(tcp.listenTcp("127.0.0.1", PORT, loop, l -> new LinkHandler() {
            @Override
            public void onOpen(Link link) {
                originLinks.add(link);
            }

            @Override
            public void onRead(Link link, ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                originRx.writeBytes(b);
                link.write(ByteBuffer.wrap(b));
            }

            @Override
            public void onClosed(Link link, Throwable cause) {
                originLinks.remove(link);
            }
        }));
    }

    private Recorder create(String type) {
        Recorder r = new Recorder();
        r.stream = LocalStream.create(policy.streamType(type).orElseThrow(), loop,
                new StreamContext(providers, () -> 0L, Duration.ofSeconds(5)), r, "test");
        return r;
    }

    @Test
    void aNailedUpStreamConnectsAtCreation() throws IOException {
        originUp();
        Recorder r = create("nailed");
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), r.states);
        assertTrue(r.stream.isConnected());
    }

    @Test
    void anOrdinaryStreamWaitsToBeAskedThenEchoes() throws IOException {
        originUp();
        Recorder r = create("echo");
        loop.advance(Duration.ofSeconds(10));
        assertEquals(List.of(CREATING), r.states);
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), r.states);
        assertTrue(r.stream.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), 0x3));
        loop.runPending();
        assertEquals("hello", originRx.toString(StandardCharsets.US_ASCII));
        assertEquals("hello", r.rx.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(0), r.rxFlags, "raw rx carries no flags, as lws's ss-raw");
    }

    @Test
    void anUnreachableOriginIsRetriedOnTheBackoffThenAllRetriesFailed() {
        Recorder r = create("echo");
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE), r.states);
        loop.advance(Duration.ofMillis(99));
        assertEquals(3, r.states.size(), "nothing before the first backoff delay (100 ms, jitter 0)");
        loop.advance(Duration.ofMillis(1));
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE), r.states,
                "a retry goes through request_tx: POLL, then CONNECTING (as in the d-tls-badca capture)");
        loop.advance(Duration.ofMillis(200));
        loop.advance(Duration.ofMillis(200));
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING,
                UNREACHABLE, POLL, CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED), r.states,
                "conceal 3: the fourth failure is reported");
        loop.advance(Duration.ofSeconds(10));
        assertEquals(13, r.states.size(), "and it waits to be asked again");
        r.stream.connect();
        loop.runPending();
        assertEquals(CONNECTING, r.states.get(13), "asking again starts over");
    }

    @Test
    void aStreamWithoutRetryFailsFinallyAtTheFirstFailure() {
        Recorder r = create("once");
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED), r.states);
    }

    @Test
    void ec2da4096AskingToConnectDuringBackoffDoesNotCutItShort() {
        Recorder r = create("echo");
        r.stream.connect();
        loop.runPending();
        for (int i = 0; i < 10; i++) {
            r.stream.connect();
        }
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE), r.states);
        loop.advance(Duration.ofMillis(100));
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE), r.states);
    }

    @Test
    void aNailedUpStreamReconnectsAfterItsConnectionDrops() throws IOException {
        originUp();
        Recorder r = create("nailed");
        loop.runPending();
        originLinks.get(0).close();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), r.states);
        loop.advance(Duration.ofMillis(100));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), r.states);
    }

    @Test
    void anOpportunisticStreamStaysDownAfterItsConnectionDrops() throws IOException {
        originUp();
        Recorder r = create("lazy");
        r.stream.connect();
        loop.runPending();
        originLinks.get(0).close();
        loop.advance(Duration.ofSeconds(10));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), r.states);
    }

    @Test
    void requestTxOnAnIdleStreamReportsPollThenConnectsButNotWhileARetryIsPending() throws IOException {
        Recorder r = create("echo");
        r.stream.requestTx();
        loop.runPending();
        assertEquals(List.of(CREATING, POLL, CONNECTING, UNREACHABLE), r.states);
        r.stream.requestTx();
        loop.runPending();
        assertEquals(4, r.states.size(), "the backoff is not cut short (ec2da4096)");
        originUp();
        loop.advance(Duration.ofMillis(100));
        assertEquals(List.of(CREATING, POLL, CONNECTING, UNREACHABLE, POLL, CONNECTING, CONNECTED), r.states,
                "the retry is announced with POLL, as lws's retries go through request_tx");
        r.stream.requestTx();
        assertEquals(7, r.states.size(), "nothing to do while connected");
    }

    @Test
    void disconnectDropsTheConnectionAndFollowsTheReconnectRules() throws IOException {
        originUp();
        Recorder nailed = create("nailed");
        Recorder lazy = create("lazy");
        lazy.stream.connect();
        loop.runPending();
        nailed.stream.disconnect();
        lazy.stream.disconnect();
        lazy.stream.disconnect();
        loop.advance(Duration.ofMillis(100));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), nailed.states);
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), lazy.states, "opportunistic stays down");
        assertEquals(1, originLinks.size(), "the dropped connections are closed");
    }

    @Test
    void theTimerReportsTimeoutAndZeroMeansThePolicyTimeout() throws IOException {
        Recorder r = create("echo");
        r.stream.startTimeout(0);
        loop.advance(Duration.ofMillis(699));
        assertEquals(List.of(CREATING), r.states);
        loop.advance(Duration.ofMillis(1));
        assertEquals(List.of(CREATING, TIMEOUT), r.states, "CREATING -> TIMEOUT is legal (33d06386f)");
        r.stream.startTimeout(50);
        r.stream.cancelTimeout();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(CREATING, TIMEOUT), r.states);
    }

    @Test
    void timer32caed631NoTimeoutArrivesAfterDestroy() throws IOException {
        originUp();
        Recorder r = create("nailed");
        loop.runPending();
        r.stream.startTimeout(100);
        r.stream.destroy();
        r.stream.destroy();
        loop.advance(Duration.ofSeconds(5));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING), r.states);
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void metadataIsTheStreamtypesAndFeedsTheEndpoint() throws IOException {
        originUp();
        Recorder r = create("bymeta");
        assertFalse(r.stream.setMetadata("nope", new byte[] {1}), "undeclared names are refused");
        assertTrue(r.stream.setMetadata("xtag", "127.0.0.1".getBytes(StandardCharsets.US_ASCII)));
        r.stream.connect();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), r.states);
    }

    @Test
    void rxFlowControlPausesReadingFromTheOrigin() throws IOException {
        originUp();
        Recorder r = create("nailed");
        loop.runPending();
        r.stream.setReading(false);
        originLinks.get(0).write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        loop.runPending();
        assertEquals(0, r.rx.size());
        r.stream.setReading(true);
        loop.runPending();
        assertEquals(3, r.rx.size());
    }

    @Test
    void onlyProtocolsWithABindingAndAProtocolModulePresentAreCarried() {
        StreamType web = policy.streamType("web").orElseThrow();
        StreamContext rawOnly = new StreamContext(providers, () -> 0L, Duration.ofSeconds(1));
        assertFalse(LocalStream.supports(web, rawOnly), "no h1 module in the registry");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalStream.create(web, loop,
                rawOnly, new Recorder(), "test"));
        assertTrue(e.getMessage().contains("h1") && e.getMessage().contains("(raw have)"), e.getMessage());
        providers.addProtocol(new H1Protocol());
        assertTrue(LocalStream.supports(web, rawOnly), "h1 once its module is there");
    }

    @Test
    void everyReportedSequenceIsOneTheLwsTableAllows() throws IOException {
        Recorder a = create("once");
        a.stream.connect();
        loop.runPending();
        originUp();
        Recorder b = create("nailed");
        loop.runPending();
        originLinks.get(0).abort(new IOException("gone"));
        loop.advance(Duration.ofSeconds(1));
        b.stream.startTimeout(1);
        loop.advance(Duration.ofSeconds(1));
        b.stream.destroy();
        for (Recorder r : List.of(a, b)) {
            StreamState previous = StreamState.UNSET;
            for (StreamState s : r.states) {
                assertTrue(StateTransitions.isAllowed(previous, s), previous + " -> " + s + " in " + r.states);
                previous = s;
            }
        }
    }

    /** Records what a stream reports. */
    static final class Recorder implements StreamEvents {
        LocalStream stream;
        final List<StreamState> states = new ArrayList<>();
        final ByteArrayOutputStream rx = new ByteArrayOutputStream();
        final List<Integer> rxFlags = new ArrayList<>();
        int writableAgain;

        @Override
        public void onState(StreamState state, long ack) {
            states.add(state);
        }

        @Override
        public void onRx(ByteBuffer data, int flags) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            rx.writeBytes(b);
            rxFlags.add(flags);
        }

        @Override
        public void onWritableAgain() {
            writableAgain++;
        }
    }
}
