package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static dev.strand.api.ss.StreamState.UPSTREAM_LINK_RETRY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.retry.RetryPolicy;
import dev.strand.core.net.sss.FrameLog.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SS proxy client's stream state machine, on a fake clock, against a proxy played by the
 * test: what the application sees and what goes on the wire when the proxy is away, refuses,
 * misbehaves or drops the link.
 */
class ProxiedStreamTest {

    private final ManualLoop loop = new ManualLoop();
    private final LoopbackTransport transport = new LoopbackTransport();
    private final Endpoint endpoint = Endpoint.parse("mem:sspc-" + System.nanoTime());
    private final RawPeer proxy = new RawPeer();
    private final ScriptedApp app = new ScriptedApp();
    private Listener listener;
    private SsProxyClient client;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    private SsProxyClient client() {
        if (client == null) {
            client = SsProxyClient.builder(transport, endpoint).random(() -> 0L).build();
        }
        return client;
    }

    private void listen() throws IOException {
        listener = transport.listen(endpoint, loop, proxy);
    }

    private SecureStream open() {
        SecureStream s = client().create(StreamOptions.of("echo", app), loop);
        loop.runPending();
        return s;
    }

    private SecureStream created() throws IOException {
        listen();
        SecureStream s = open();
        proxy.send(Frames.createResult("echo"));
        loop.runPending();
        return s;
    }

    private List<Frame> sent() throws SssProtocolException {
        return CaptureDecodingTest.decode(true, List.of(proxy.bytes()));
    }

    private List<SssFrameType> sentTypes() throws SssProtocolException {
        return sent().stream().map(Frame::type).toList();
    }

    @Test
    void theFirstFrameOnALinkIsStreamTypeAndCreatingComesWithCreateResult() throws IOException {
        listen();
        open();
        Frame st = sent().get(0);
        assertEquals(SssFrameType.STREAMTYPE, st.type());
        assertEquals("echo", st.text());
        assertEquals(ProcessHandle.current().pid(), st.a());
        assertEquals(500_000_000, st.b());
        assertEquals(List.of(), app.states, "nothing before CREATE_RESULT");

        proxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CREATING)));
        loop.runPending();
        assertEquals(List.of(CREATING), app.states, "CREATING once, from CREATE_RESULT; the proxied one is dropped");
        assertEquals(List.of(SssFrameType.STREAMTYPE), sentTypes(), "no ONWARD_CONNECT unless asked");
    }

    @Test
    void onwardConnectGoesOnlyWhenTheApplicationAsks() throws IOException {
        SecureStream s = created();
        loop.advance(Duration.ofSeconds(2));
        assertEquals(List.of(SssFrameType.STREAMTYPE), sentTypes());
        s.connect();
        s.connect();
        loop.runPending();
        assertEquals(List.of(SssFrameType.STREAMTYPE, SssFrameType.ONWARD_CONNECT), sentTypes(), "once while ongoing");
    }

    @Test
    void requestTxWithoutAConnectionReportsPollBeforeOnwardConnectAsInProcessButConnectDoesNot() throws IOException {
        SecureStream s = created();
        s.connect();
        loop.runPending();
        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(CONNECTED), Frames.state(DISCONNECTED)));
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), app.states, "connect(): no POLL");
        s.requestTx();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL), app.states);
        assertEquals(List.of(SssFrameType.STREAMTYPE, SssFrameType.ONWARD_CONNECT, SssFrameType.ONWARD_CONNECT),
                sentTypes(), "POLL is delivered as the ONWARD_CONNECT goes out");
        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(UNREACHABLE)));
        loop.runPending();
        s.requestTx();
        loop.runPending();
        proxy.send(Frames.join(Frames.state(POLL), Frames.state(CONNECTING), Frames.state(CONNECTED)));
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, UNREACHABLE, POLL,
                CONNECTING, CONNECTED), app.states, "the proxy's POLL before its retry is not delivered twice");
    }

    @Test
    void eachWriteOpportunitySendsInLwsPriorityOrderWithMetadataOldestFirst() throws IOException {
        listen();
        SecureStream s = client().create(StreamOptions.of("echo", app), loop);
        s.requestTx(11);
        s.setMetadata("first", "a");
        s.addPeerTxCredit(77);
        s.setMetadata("second", "b");
        s.setMetadata("first", "c");
        s.startTimeout(1234);
        loop.runPending();
        proxy.send(Frames.createResult("echo"));
        loop.runPending();

        List<Frame> f = sent();
        assertEquals(List.of(SssFrameType.STREAMTYPE, SssFrameType.TIMEOUT_UPDATE, SssFrameType.TX_METADATA,
                SssFrameType.TX_METADATA, SssFrameType.PAYLOAD_LENGTH_HINT, SssFrameType.ONWARD_CONNECT),
                f.stream().map(Frame::type).toList());
        assertEquals(500_000_077, f.get(0).b(), "a credit grant made before STREAMTYPE rides in its estimate");
        assertEquals(1234, f.get(1).a());
        assertEquals("first", f.get(2).text());
        assertEquals("63", f.get(2).payload(), "the newest value of a name that was still waiting");
        assertEquals("second", f.get(3).text());
        assertEquals(11, f.get(4).a());
    }

    @Test
    void aCreditGrantAfterCreationTravelsAsTxCredit() throws IOException {
        SecureStream s = created();
        s.addPeerTxCredit(-5);
        loop.runPending();
        assertEquals(SssFrameType.TX_CREDIT, sent().get(1).type());
        assertEquals(-5, sent().get(1).a());
        assertEquals(499_999_995, s.estimatedPeerTxCredit());
    }

    @Test
    void creditTheProxyGrantsAsRxCreditOrTxCreditIsTakenAndTheStreamCarriesOn() throws IOException {
        SecureStream s = created();
        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(CONNECTED)));
        loop.runPending();
        try (LogCapture log = new LogCapture()) {
            proxy.send(Frames.join(Frames.of(0x58, 0, 4, 0, 0, 0xFF, 0xFF), Frames.of(0xAF, 0, 4, 0xFF, 0xFF, 0xFF, 0xFF),
                    Frames.rx("after".getBytes(StandardCharsets.US_ASCII), PayloadFlags.SOM | PayloadFlags.EOM)));
            loop.runPending();
            assertEquals(List.of(), log.warnings());
        }
        assertFalse(proxy.closed, "0x58, and 0xAF from a proxy, are credit updates (wire.md §1.4.7)");
        assertEquals("after", app.rx.toString(StandardCharsets.US_ASCII));
        assertEquals(CONNECTED, s.state());
    }

    @Test
    void payloadIsSentOnlyOnceConnectedWithItsHoldTimeAndTheLinksLimit() throws IOException {
        SecureStream s = created();
        int[] room = new int[1];
        app.onTx = (st, chunk) -> {
            room[0] = chunk.buffer().remaining();
            chunk.buffer().put("hello".getBytes(StandardCharsets.US_ASCII));
            chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
            return StreamResult.OK;
        };
        s.requestTx();
        loop.runPending();
        assertEquals(List.of(SssFrameType.STREAMTYPE, SssFrameType.ONWARD_CONNECT), sentTypes());
        loop.advance(Duration.ofMillis(250));
        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(CONNECTED)));
        loop.runPending();

        Frame tx = sent().get(2);
        assertEquals(SssFrameType.TX_PAYLOAD, tx.type());
        assertEquals(PayloadFlags.SOM | PayloadFlags.EOM, tx.a());
        assertEquals(250_000, tx.b(), "held 250 ms between the request and the write");
        assertEquals(loop.monotonicMicros(), tx.c());
        assertEquals("68656c6c6f", tx.payload());
        assertEquals(4061, room[0], "a socket link carries 4061 payload bytes per frame");
    }

    @Test
    void aMuxChannelCarries2013PayloadBytesPerFrameAndNoLargerMetadata() throws IOException {
        client = SsProxyClient.builder(transport, endpoint).linkProfile(SssLinkProfile.MUX_CHANNEL).build();
        SecureStream s = created();
        int[] room = new int[1];
        app.onTx = (st, chunk) -> {
            room[0] = chunk.buffer().remaining();
            return StreamResult.TX_DONT_SEND;
        };
        proxy.send(Frames.state(CONNECTED));
        s.requestTx();
        loop.runPending();
        assertEquals(2013, room[0]);
        assertThrows(IllegalArgumentException.class, () -> s.setMetadata("big", new byte[2045]));
        s.setMetadata("fits", new byte[2040]);
    }

    @Test
    void metadataNamesAndValuesAnLwsProxyWouldRefuseAreRefusedAtOnce() throws IOException {
        SecureStream s = created();
        assertThrows(IllegalArgumentException.class, () -> s.setMetadata("", "v"));
        assertThrows(IllegalArgumentException.class, () -> s.setMetadata("n".repeat(31), "v"));
        assertThrows(IllegalArgumentException.class, () -> s.setMetadata("name", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> client().create(StreamOptions.of("s".repeat(32), app), loop));
    }

    @Test
    void rxMetadataAnswersMetadataLocallyBeforeThePayloadItCameWith() throws IOException {
        SecureStream s = created();
        List<String> seen = new ArrayList<>();
        app.onRx = (st, flags) -> {
            seen.add(new String(st.metadata("ctype").orElseThrow(), StandardCharsets.US_ASCII));
            return StreamResult.OK;
        };
        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(CONNECTED), Frames.rxMetadata("ctype", "text/plain"),
                Frames.rx("x".getBytes(StandardCharsets.US_ASCII), PayloadFlags.SOM)));
        loop.runPending();
        assertEquals(List.of("text/plain"), seen);
        s.setMetadata("ctype", "mine");
        assertEquals("mine", new String(s.metadata("ctype").orElseThrow(), StandardCharsets.US_ASCII), "whichever came last");
    }

    @Test
    void aLargeRxPayloadArrivesIn1380BytePiecesWithItsFlagsSplit() throws IOException {
        SecureStream s = created();
        byte[] payload = new byte[3000];
        Arrays.fill(payload, (byte) 7);
        proxy.send(Frames.join(Frames.state(CONNECTED),
                Frames.rx(payload, PayloadFlags.SOM | PayloadFlags.EOM | PayloadFlags.RELATED_START)));
        loop.runPending();
        assertEquals(List.of("1380/9", "1380/8", "240/10"), app.rxCalls);
        assertArrayEquals(payload, app.rx.toByteArray());
        assertEquals(500_000_000 - 3000, s.estimatedPeerTxCredit());
    }

    @Test
    void perfJsonIsDeliveredAsAWholeMessageMarkedPerfJson() throws IOException {
        created();
        proxy.send(Frames.of(0x5B, 0x00, 0x05, 0x7B, 0x22, 0x70, 0x65, 0x65));
        loop.runPending();
        assertEquals(List.of("5/" + (PayloadFlags.SOM | PayloadFlags.EOM | PayloadFlags.PERF_JSON)), app.rxCalls);
    }

    @Test
    void anUnreachableProxyIsRetriedEverySecondWithUpstreamLinkRetry() throws IOException {
        SecureStream s = open();
        assertEquals(List.of(UPSTREAM_LINK_RETRY), app.states);
        assertEquals(0L, app.acks.get(0));
        loop.advance(Duration.ofSeconds(1));
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(UPSTREAM_LINK_RETRY, UPSTREAM_LINK_RETRY, UPSTREAM_LINK_RETRY), app.states);
        assertEquals(List.of(0L, 1000L, 2000L), app.acks, "ms spent trying to reach the proxy");
        assertEquals(UPSTREAM_LINK_RETRY, s.state());

        listen();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(SssFrameType.STREAMTYPE, sent().get(0).type(), "the proxy came up: the next try links");
    }

    @Test
    void aLinkRetryPolicyThatGivesUpDestroysTheStream() {
        client = SsProxyClient.builder(transport, endpoint).random(() -> 0L)
                .linkRetry(RetryPolicy.of("twice", 2, 1000)).build();
        open();
        loop.advance(Duration.ofSeconds(5));
        assertEquals(List.of(UPSTREAM_LINK_RETRY, UPSTREAM_LINK_RETRY, DESTROYING), app.states);
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void aDroppedLinkComesBackWithStreamTypeAndRestoresTheStreamWithoutASecondCreating() throws IOException {
        SecureStream s = created();
        s.setMetadata("xtag", "abc");
        s.startTimeout(5000);
        s.connect();
        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(CONNECTED)));
        loop.runPending();
        loop.advance(Duration.ofSeconds(2));

        proxy.link.abort(new IOException("proxy killed"));
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), app.states, "DISCONNECTED once");
        assertEquals(1, proxy.links.size(), "a second passes before the next try");

        loop.advance(Duration.ofSeconds(1));
        assertEquals(2, proxy.links.size());
        assertEquals(List.of(SssFrameType.STREAMTYPE), sentTypes(), "STREAMTYPE again, nothing before CREATE_RESULT");
        loop.advance(Duration.ofSeconds(1));
        proxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CREATING)));
        loop.runPending();

        List<Frame> f = sent();
        assertEquals(List.of(SssFrameType.STREAMTYPE, SssFrameType.TIMEOUT_UPDATE, SssFrameType.TX_METADATA,
                SssFrameType.ONWARD_CONNECT), f.stream().map(Frame::type).toList());
        assertEquals(1000, f.get(1).a(), "what is left of the 5 s timeout armed 4 s ago");
        assertEquals("xtag", f.get(2).text());
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED), app.states, "no second CREATING");

        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(CONNECTED)));
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), app.states,
                "the reconnect is announced with POLL, as an in-process stream's retry is");
        assertEquals(CONNECTED, s.state(), "the same handle carries on");
    }

    @Test
    void aLinkDroppedBeforeConnectingDeliversNoDisconnected() throws IOException {
        created();
        proxy.link.close();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(CREATING), app.states);
        assertEquals(2, proxy.links.size());
    }

    @Test
    void aTimeoutSetWithoutALinkGoesFirstOnceTheProxyCreatedTheStream() throws IOException {
        SecureStream s = open();
        s.startTimeout(0);
        listen();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(SssFrameType.STREAMTYPE), sentTypes(), "an lws proxy would drop it before CREATE_RESULT");
        proxy.send(Frames.createResult("echo"));
        loop.runPending();
        assertEquals(List.of(SssFrameType.STREAMTYPE, SssFrameType.TIMEOUT_UPDATE), sentTypes());
        assertEquals(0, sent().get(1).a(), "0: the policy's timeout");

        s.cancelTimeout();
        loop.runPending();
        assertEquals(0xFFFF_FFFFL, sent().get(2).a());
    }

    @Test
    void timeoutFromTheProxyIsDeliveredAndNotRetoldOnTheNextLink() throws IOException {
        SecureStream s = created();
        s.startTimeout(100);
        proxy.send(Frames.state(TIMEOUT));
        loop.runPending();
        assertEquals(List.of(CREATING, TIMEOUT), app.states);
        proxy.link.close();
        loop.advance(Duration.ofSeconds(1));
        proxy.send(Frames.createResult("echo"));
        loop.runPending();
        assertEquals(List.of(SssFrameType.STREAMTYPE), sentTypes());
        assertEquals(TIMEOUT, s.state());
    }

    @Test
    void issue2207TheProxyRefusingTheStreamtypeDestroysTheStreamCleanly() throws IOException {
        listen();
        open();
        try (LogCapture log = new LogCapture()) {
            proxy.send(Frames.refused());
            loop.runPending();
            assertEquals(1, log.warnings().size());
            assertTrue(log.warnings().get(0).contains("refused streamtype 'echo'"), log.warnings().get(0));
        }
        assertEquals(List.of(DESTROYING), app.states);
        assertTrue(proxy.closed);
        loop.advance(Duration.ofSeconds(5));
        assertEquals(1, proxy.links.size(), "no retry");
        assertEquals(0, client().liveStreams());
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void noCreateResultWithinThreeSecondsClosesTheLinkAndTriesAgain() throws IOException {
        listen();
        open();
        try (LogCapture log = new LogCapture()) {
            loop.advance(Duration.ofMillis(2999));
            assertFalse(proxy.closed);
            loop.advance(Duration.ofMillis(1));
            assertTrue(proxy.closed);
            assertEquals(1, log.warnings().size());
            assertTrue(log.warnings().get(0).contains("no CREATE_RESULT within 3000 ms"));
        }
        loop.advance(Duration.ofSeconds(1));
        assertEquals(2, proxy.links.size());
        assertEquals(List.of(), app.states);
    }

    @Test
    void aMuxChannelHasNoCreateResultDeadline() throws IOException {
        client = SsProxyClient.builder(transport, endpoint).linkProfile(SssLinkProfile.MUX_CHANNEL).build();
        listen();
        open();
        loop.advance(Duration.ofSeconds(60));
        assertFalse(proxy.closed);
    }

    @Test
    void illegalTransitionsFromTheProxyAreDeliveredWithAWarningAndTheStreamSurvives() throws IOException {
        SecureStream s = created();
        try (LogCapture log = new LogCapture()) {
            proxy.send(Frames.join(Frames.state(QOS_ACK_REMOTE), Frames.state(DISCONNECTED)));
            loop.runPending();
            assertEquals(1, log.warnings().size(), "CREATING -> QOS_ACK_REMOTE is illegal; QOS_ACK_REMOTE -> DISCONNECTED is not");
            assertTrue(log.warnings().get(0).contains("QOS_ACK_REMOTE(10) after CREATING(1)"), log.warnings().get(0));
        }
        assertEquals(List.of(CREATING, QOS_ACK_REMOTE, DISCONNECTED), app.states);
        assertFalse(proxy.closed);
        assertEquals(DISCONNECTED, s.state());
    }

    @Test
    void statesThatNeverTravelAreIgnoredAndUserStatesPassThrough() throws IOException {
        created();
        try (LogCapture log = new LogCapture()) {
            proxy.send(Frames.join(Frames.state(18), Frames.state(500), Frames.state(999)));
            loop.runPending();
            assertEquals(3, log.warnings().size());
        }
        proxy.send(Frames.join(Frames.state(1000), Frames.state(0x8000_0000L)));
        loop.runPending();
        assertEquals(List.of(CREATING, StreamState.of(1000), StreamState.of(0x8000_0000L)), app.states,
                "bf461763f: a 4-byte state with the top bit set is a user state");
        assertFalse(proxy.closed);
    }

    @Test
    void aSecondConnectedForOneConnectionIsDropped() throws IOException {
        created();
        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(CONNECTED), Frames.state(CONNECTED)));
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTING, CONNECTED), app.states);
    }

    @Test
    void closeDeliversDisconnectedThenDestroyingAndClosesTheLink() throws IOException {
        SecureStream s = created();
        proxy.send(Frames.state(CONNECTED));
        loop.runPending();
        s.close();
        s.close();
        loop.runPending();
        assertEquals(List.of(CREATING, CONNECTED, DISCONNECTED, DESTROYING), app.states);
        assertTrue(proxy.closed);
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void closingFromInsideACallbackIsRefusedAndDestroyMeIsTheWay() throws IOException {
        List<Throwable> refused = new ArrayList<>();
        app.on(CREATING, st -> {
            refused.add(assertThrows(IllegalStateException.class, st::close));
            return StreamResult.DESTROY_ME;
        });
        created();
        assertTrue(refused.get(0).getMessage().contains("return DESTROY_ME instead"));
        assertEquals(List.of(CREATING, DESTROYING), app.states);
        assertTrue(proxy.closed);
    }

    @Test
    void reClosingDuringDestroyingIsANoOp() throws IOException {
        app.on(DESTROYING, st -> {
            st.close();
            return StreamResult.OK;
        });
        SecureStream s = created();
        s.close();
        assertEquals(List.of(CREATING, DESTROYING), app.states);
    }

    @Test
    void destroyDuringConnectClosesTheLinkWhenItOpensAndNeverRetries() throws IOException {
        listen();
        SecureStream s = client().create(StreamOptions.of("echo", app), loop);
        s.close();
        loop.advance(Duration.ofSeconds(5));
        assertEquals(List.of(DESTROYING), app.states);
        assertTrue(proxy.links.size() <= 1);
        assertTrue(proxy.links.isEmpty() || proxy.closed);
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void disconnectMeFromRxDropsTheLinkAndTheStreamComesBack() throws IOException {
        created();
        app.onRx = (st, flags) -> StreamResult.DISCONNECT_ME;
        proxy.send(Frames.join(Frames.state(CONNECTED), Frames.rx(new byte[3], 0), Frames.rx(new byte[4], 0)));
        loop.runPending();
        assertEquals(List.of("3/0"), app.rxCalls, "nothing after the hang-up is delivered");
        assertEquals(List.of(CREATING, CONNECTED, DISCONNECTED), app.states);
        assertTrue(proxy.closed);
        loop.advance(Duration.ofSeconds(1));
        assertEquals(2, proxy.links.size());
    }

    @Test
    void disconnectMeAndDestroyMeFromTxAreObeyedAndNothingIsSent() throws IOException {
        SecureStream s = created();
        proxy.send(Frames.state(CONNECTED));
        app.onTx = (st, chunk) -> {
            chunk.buffer().put((byte) 1);
            return StreamResult.DESTROY_ME;
        };
        s.requestTx();
        loop.runPending();
        assertEquals(List.of(SssFrameType.STREAMTYPE), sentTypes());
        assertEquals(DESTROYING, app.states.get(app.states.size() - 1));
    }

    @Test
    void closingTheClientDestroysEveryStream() throws IOException {
        listen();
        ScriptedApp other = new ScriptedApp();
        client().create(StreamOptions.of("echo", app), loop);
        client().create(StreamOptions.of("echo", other), loop);
        loop.runPending();
        client().close();
        loop.runPending();
        assertEquals(List.of(DESTROYING), app.states);
        assertEquals(List.of(DESTROYING), other.states);
        assertThrows(IllegalStateException.class, () -> client().create(StreamOptions.of("echo", app), loop));
    }

    @Test
    void anExceptionInTheApplicationIsLoggedAndGoesNoFurther() throws IOException {
        app.on(CREATING, st -> {
            throw new IllegalStateException("application bug");
        });
        try (LogCapture log = new LogCapture()) {
            created();
        }
        assertEquals(List.of(CREATING), app.states);
        assertFalse(proxy.closed);
    }

    @Test
    void allRetriesFailedFromTheProxyForgetsTheWishToConnect() throws IOException {
        SecureStream s = created();
        s.connect();
        proxy.send(Frames.join(Frames.state(CONNECTING), Frames.state(StreamState.UNREACHABLE),
                Frames.state(ALL_RETRIES_FAILED)));
        loop.runPending();
        proxy.link.close();
        loop.advance(Duration.ofSeconds(1));
        proxy.send(Frames.createResult("echo"));
        loop.runPending();
        assertEquals(List.of(SssFrameType.STREAMTYPE), sentTypes(), "no ONWARD_CONNECT on the new link");
        assertInstanceOf(SecureStream.class, s);
    }

    @Test
    void theSmdStreamtypeCarriesItsClassMaskWhereOthersCarryCredit() throws IOException {
        listen();
        SecureStream s = client().create(new StreamOptions(SssWire.SMD_STREAMTYPE, app, 0x6), loop);
        loop.runPending();
        assertEquals(6, sent().get(0).b());
        proxy.send(Frames.join(Frames.createResult(SssWire.SMD_STREAMTYPE), Frames.state(CONNECTED), Frames.rx(new byte[16], 0)));
        loop.runPending();
        assertEquals(6, s.estimatedPeerTxCredit(), "no credit is tracked for SMD");
    }

    @Test
    void aClientFindsItsTransportByTheEndpointsSchemeAndPicksTheLinkProfile() throws IOException {
        listen();
        SsProxyClient byScheme = SsProxyClient.builder(endpoint).build();
        assertEquals(SssLinkProfile.SOCKET, byScheme.profile());
        byScheme.create(StreamOptions.of("echo", app), loop);
        loop.runPending();
        assertEquals(SssFrameType.STREAMTYPE, sent().get(0).type());
        assertEquals(SssLinkProfile.MUX_CHANNEL,
                SsProxyClient.builder(transport, Endpoint.parse("mux+tcp:127.0.0.1:7681")).build().profile());
    }

    @Test
    void anApplicationThatDeclinesEveryWriteOpportunityLetsTheLoopDoOtherWork() throws Exception {
        try (EventLoop real = new EventLoop("sspc-decline")) {
            listener = transport.listen(endpoint, real, proxy);
            AtomicInteger calls = new AtomicInteger();
            app.onTx = (st, chunk) -> {
                calls.incrementAndGet();
                st.requestTx();
                return StreamResult.TX_DONT_SEND;
            };
            app.on(CONNECTED, st -> {
                st.requestTx();
                return StreamResult.OK;
            });
            CompletableFuture<SecureStream> stream = new CompletableFuture<>();
            real.execute(() -> stream.complete(client().create(StreamOptions.of("echo", app), real)));
            stream.get(5, TimeUnit.SECONDS);
            CountDownLatch linked = new CountDownLatch(1);
            for (int i = 0; i < 500 && linked.getCount() > 0; i++) {
                real.execute(() -> {
                    if (proxy.received.size() > 0) {
                        proxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CONNECTED)));
                        linked.countDown();
                    }
                });
                Thread.sleep(10);
            }
            assertTrue(linked.await(5, TimeUnit.SECONDS));
            while (calls.get() < 3) {
                Thread.sleep(1);
            }
            CountDownLatch otherWork = new CountDownLatch(1);
            real.execute(otherWork::countDown);
            assertTrue(otherWork.await(5, TimeUnit.SECONDS),
                    "one onTx per write opportunity: other tasks still run");
            real.execute(() -> stream.join().close());
        }
    }
}
