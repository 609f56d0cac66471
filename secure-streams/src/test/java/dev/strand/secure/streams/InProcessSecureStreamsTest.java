package dev.strand.secure.streams;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SssWire;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.local.TcpOverMem;
import dev.strand.secure.streams.policy.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-process SS API on a fake clock: the sequencing a proxied stream has (CREATING from the
 * loop, requests kept until then, POLL on requestTx, no callback inside an API call), result codes,
 * close from inside a callback, metadata, timeouts and the tx credit estimate. Onward "TCP" runs
 * over in-JVM links to a raw echo origin.
 */
class InProcessSecureStreamsTest {

    private static final int PORT = 19000;

    private final ManualLoop loop = new ManualLoop();
    private final TcpOverMem tcp = new TcpOverMem();
    private final List<Link> originLinks = new ArrayList<>();
    private final ByteArrayOutputStream originRx = new ByteArrayOutputStream();
    private final InProcessSecureStreams streams;
    private Listener origin;

    InProcessSecureStreamsTest() throws Exception {
        Providers providers = Providers.empty();
        providers.addTransport(tcp);
        providers.addProtocol(new RawProtocol());
        String raw = "\"endpoint\": \"127.0.0.1\", \"port\": " + PORT + ", \"protocol\": \"raw\","
                + " \"metadata\": [ { \"xtag\": \"\" } ], \"timeout_ms\": 700";
        streams = new InProcessSecureStreams(PolicyLoader.load("{ \"retry\": [ { \"quick\": { \"backoff\": [100, 200],"
                + " \"conceal\": 3, \"jitterpc\": 1 } } ],"
                + " \"s\": [ { \"echo\": { " + raw + ", \"retry\": \"quick\" } },"
                + " { \"nailed\": { " + raw + ", \"retry\": \"quick\", \"nailed_up\": true } },"
                + " { \"lazy\": { " + raw + ", \"retry\": \"quick\", \"opportunistic\": true } },"
                + " { \"once\": { " + raw + " } },"
                + " { \"bymeta\": { \"endpoint\": \"${host}\", \"port\": " + PORT + ", \"protocol\": \"raw\","
                + " \"nailed_up\": true, \"metadata\": [ { \"host\": \"\" } ] } },"
                + " { \"mq\": { \"endpoint\": \"127.0.0.1\", \"protocol\": \"mqtt\" } } ] }"),
                new StreamContext(providers, () -> 0L, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        if (origin != null) {
            origin.close();
        }
    }

    private void originUp() throws IOException {
        origin = tcp.listenTcp("127.0.0.1", PORT, loop, l -> new LinkHandler() {
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
        });
    }

    private App create(String type, App app) {
        return create(type, app, 0);
    }

    private App create(String type, App app, int credit) {
        app.stream = streams.create(new StreamOptions(type, app, credit), loop);
        return app;
    }

    @Test
    void creatingComesFromTheLoopOnceCreateReturnedNeverInsideIt() throws IOException {
        originUp();
        App app = create("nailed", new App());
        assertEquals(List.of(), app.states, "no callback inside create()");
        assertEquals(StreamState.UNSET, app.stream.state());
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), app.states);
        assertEquals(CONNECTED, app.stream.state());
    }

    @Test
    void requestTxOnAnIdleStreamReportsPollConnectsAndOffersA1380ByteChunk() throws IOException {
        originUp();
        App app = create("lazy", new App().on(CREATING, s -> s.requestTx()));
        app.toSend.add("hi");
        loop.runPending();
        assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED), app.states);
        assertEquals(List.of(SssWire.PIECE_SIZE), app.txRoom, "lws gives a sink hand-off 1380 bytes");
        assertEquals("hi", originRx.toString(StandardCharsets.US_ASCII));
        assertEquals("hi", app.rx.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(0), app.rxFlags, "raw rx carries no flags");
    }

    @Test
    void requestsMadeBeforeCreatingAreKeptUntilItAndNoCallbackRunsInsideThem() throws IOException {
        originUp();
        App app = create("lazy", new App());
        app.stream.requestTx();
        app.stream.startTimeout(50);
        assertEquals(List.of(), app.states);
        loop.runPending();
        assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED), app.states);
        loop.advance(Duration.ofMillis(50));
        assertEquals(TIMEOUT, app.states.get(4));
    }

    @Test
    void connectReportsConnectingWithoutPoll() throws IOException {
        originUp();
        App app = create("echo", new App().on(CREATING, SecureStream::connect));
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), app.states);
    }

    @Test
    void destroyDuringCreate406b79e44DestroyMeFromCreatingFailsCreationBeforeAnyConnection() throws IOException {
        originUp();
        App app = create("nailed", new App().answer(CREATING, StreamResult.DESTROY_ME));
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(CREATING, DESTROYING), app.states);
        assertEquals(List.of(), originLinks, "the nailed-up stream never connected");
        assertEquals(0, streams.liveStreams());
    }

    @Test
    void destroyMeFromRxDestroysTheStream() throws IOException {
        originUp();
        App app = create("nailed", new App().on(CONNECTED, SecureStream::requestTx));
        app.toSend.add("x");
        app.rxAnswer = StreamResult.DESTROY_ME;
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING), app.states);
    }

    @Test
    void disconnectMeFromRxDropsOnlyTheConnectionWhichComesBack() throws IOException {
        originUp();
        App app = create("nailed", new App().on(CONNECTED, SecureStream::requestTx));
        app.toSend.add("x");
        app.rxAnswer = StreamResult.DISCONNECT_ME;
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), app.states);
        app.rxAnswer = StreamResult.OK;
        loop.advance(Duration.ofMillis(100));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), app.states);
        assertEquals(1, originLinks.size());
    }

    @Test
    void destroyMeAndDisconnectMeFromTxAreObeyed() throws IOException {
        originUp();
        App drop = create("nailed", new App().on(CONNECTED, SecureStream::requestTx));
        drop.txAnswer = StreamResult.DISCONNECT_ME;
        App gone = create("nailed", new App().on(CONNECTED, SecureStream::requestTx));
        gone.txAnswer = StreamResult.DESTROY_ME;
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), drop.states);
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING), gone.states);
        assertEquals(0, originRx.size(), "neither sent anything");
    }

    @Test
    void a095e6c60CloseFromInsideACallbackIsRefusedAndDestroyMeWorksInstead() throws IOException {
        originUp();
        List<String> refusals = new ArrayList<>();
        App app = create("nailed", new App().on(CONNECTED, s -> {
            try {
                s.close();
            } catch (IllegalStateException e) {
                refusals.add(e.getMessage());
            }
        }).answer(CONNECTED, StreamResult.DESTROY_ME));
        loop.runPending();
        assertEquals(1, refusals.size());
        assertTrue(refusals.get(0).contains("return DESTROY_ME instead"), refusals.get(0));
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING), app.states);
    }

    @Test
    void reentrantDestroy3b9e46851ClosingTwiceOrBeforeCreatingIsQuiet() throws IOException {
        originUp();
        App early = create("nailed", new App());
        early.stream.close();
        early.stream.close();
        App late = create("nailed", new App());
        loop.runPending();
        late.stream.close();
        late.stream.close();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(DESTROYING), early.states, "destroyed before it was created: DESTROYING only");
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING), late.states);
    }

    @Test
    void skippedDestroying83feefe28DestroyMeOnAllRetriesFailedDeliversDestroyingOnce() {
        App app = create("once", new App().on(CREATING, SecureStream::connect)
                .answer(ALL_RETRIES_FAILED, StreamResult.DESTROY_ME));
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(CREATING, CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED, DESTROYING), app.states);
    }

    @Test
    void metadataSetBeforeCreatingReachesANailedUpStreamsFirstConnection() throws IOException {
        originUp();
        App app = create("bymeta", new App());
        app.stream.setMetadata("host", "127.0.0.1");
        assertArrayEquals("127.0.0.1".getBytes(StandardCharsets.US_ASCII), app.stream.metadata("host").orElseThrow());
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), app.states);
        assertArrayEquals("127.0.0.1".getBytes(StandardCharsets.US_ASCII), app.stream.metadata("host").orElseThrow());
    }

    @Test
    void metadataTheStreamtypeDoesNotDeclareOrAnEmptyValueIsRefused() {
        App app = create("echo", new App());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> app.stream.setMetadata("nope", "x"));
        assertTrue(unknown.getMessage().contains("not declared by streamtype 'echo'"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> app.stream.setMetadata("xtag", new byte[0]));
    }

    @Test
    void timer32caed631TimeoutsFromTheAppTheirCancelAndThePolicyDefaultButNoneAfterDestroying() {
        App app = create("echo", new App());
        loop.runPending();
        app.stream.startTimeout(0);
        loop.advance(Duration.ofMillis(699));
        assertEquals(List.of(CREATING), app.states);
        loop.advance(Duration.ofMillis(1));
        assertEquals(List.of(CREATING, TIMEOUT), app.states, "0 is the policy's timeout_ms");
        app.stream.startTimeout(50);
        app.stream.cancelTimeout();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(CREATING, TIMEOUT), app.states);
        app.stream.startTimeout(50);
        app.stream.close();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(CREATING, TIMEOUT, DESTROYING), app.states);
    }

    @Test
    void thePeerTxCreditIsEstimatedAsAProxiedClientDoes() throws IOException {
        originUp();
        App given = create("nailed", new App().on(CONNECTED, SecureStream::requestTx), 1000);
        given.toSend.add("hello");
        App automatic = create("nailed", new App());
        loop.runPending();
        assertEquals(995, given.stream.estimatedPeerTxCredit(), "less the 5 bytes that came back");
        given.stream.addPeerTxCredit(10);
        assertEquals(1005, given.stream.estimatedPeerTxCredit());
        assertEquals(SssWire.DEFAULT_INITIAL_TX_CREDIT, automatic.stream.estimatedPeerTxCredit());
        assertEquals("nailed", given.stream.rideshare());
    }

    @Test
    void txDontSendWithANewRequestOffersTxAgainLater() throws IOException {
        originUp();
        App app = create("nailed", new App().on(CONNECTED, SecureStream::requestTx));
        app.dontSendFirst = 2;
        app.toSend.add("late");
        loop.runPending();
        assertEquals(3, app.txRoom.size(), "two declined offers, then the one that sent");
        assertEquals("late", originRx.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void unknownStreamtypesAndProtocolsWithoutABindingFailCreate() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> streams.create(StreamOptions.of("nosuch", new App()), loop));
        assertTrue(unknown.getMessage().contains("'nosuch' is not in policy"), unknown.getMessage());
        IllegalArgumentException mqtt = assertThrows(IllegalArgumentException.class,
                () -> streams.create(StreamOptions.of("mq", new App()), loop));
        assertTrue(mqtt.getMessage().contains("mqtt"), mqtt.getMessage());
    }

    @Test
    void closingTheFactoryDestroysEveryStream() throws IOException {
        originUp();
        App a = create("nailed", new App());
        App b = create("echo", new App());
        loop.runPending();
        streams.close();
        loop.runPending();
        assertEquals(DESTROYING, a.states.get(a.states.size() - 1));
        assertEquals(List.of(CREATING, DESTROYING), b.states);
        assertThrows(IllegalStateException.class, () -> streams.create(StreamOptions.of("echo", new App()), loop));
    }

    /** A scripted application: per-state actions and answers, payload to send, what came back. */
    static final class App implements StreamHandler {
        SecureStream stream;
        final List<StreamState> states = new ArrayList<>();
        final List<Integer> txRoom = new ArrayList<>();
        final List<String> toSend = new ArrayList<>();
        final ByteArrayOutputStream rx = new ByteArrayOutputStream();
        final List<Integer> rxFlags = new ArrayList<>();
        private final Map<StreamState, Consumer<SecureStream>> actions = new HashMap<>();
        private final Map<StreamState, StreamResult> answers = new HashMap<>();
        StreamResult rxAnswer = StreamResult.OK;
        StreamResult txAnswer = StreamResult.OK;
        int dontSendFirst;

        App on(StreamState s, Consumer<SecureStream> action) {
            actions.put(s, action);
            return this;
        }

        App answer(StreamState s, StreamResult r) {
            answers.put(s, r);
            return this;
        }

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            states.add(state);
            actions.getOrDefault(state, x -> { }).accept(s);
            return answers.getOrDefault(state, StreamResult.OK);
        }

        @Override
        public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
            txRoom.add(chunk.buffer().remaining());
            if (dontSendFirst > 0) {
                dontSendFirst--;
                s.requestTx();
                return StreamResult.TX_DONT_SEND;
            }
            if (txAnswer != StreamResult.OK) {
                return txAnswer;
            }
            if (toSend.isEmpty()) {
                return StreamResult.TX_DONT_SEND;
            }
            chunk.buffer().put(toSend.remove(0).getBytes(StandardCharsets.US_ASCII));
            chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
            if (!toSend.isEmpty()) {
                s.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            rx.writeBytes(b);
            rxFlags.add(flags);
            return rxAnswer;
        }
    }
}
