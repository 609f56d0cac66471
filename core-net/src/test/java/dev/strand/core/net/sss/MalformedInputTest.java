package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed input of wire.md §2.7 and §2.8, the triggers of lws's security bugs included
 * ({@code sss-vectors/malformed-inputs.tsv}), against both sides. The robust outcome each time: the offending link alone closes, with one
 * warning that names the peer and what was wrong; a stream on another link carries on; nothing
 * escapes the loop (the fake loop would rethrow it into the test). A client stream whose proxy
 * link broke survives and links again.
 */
class MalformedInputTest {

    private final ManualLoop loop = new ManualLoop();
    private final LoopbackTransport transport = new LoopbackTransport();
    private final List<Listener> listeners = new ArrayList<>();

    @AfterEach
    void stop() {
        listeners.forEach(Listener::close);
    }

    private Endpoint listen(dev.strand.api.transport.LinkAcceptor acceptor) throws IOException {
        Endpoint e = Endpoint.parse("mem:malformed-" + System.nanoTime());
        listeners.add(transport.listen(e, loop, acceptor));
        return e;
    }

    // ---- what a client must survive from a proxy

    static Stream<Arguments> fromAProxy() {
        return MalformedVectors.from("from-proxy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fromAProxy")
    void aMalformedFrameFromAProxyClosesOnlyThatLinkAndTheStreamLinksAgain(String name, boolean created, byte[] bad,
                                                                          String problem) throws IOException {
        RawPeer badProxy = new RawPeer();
        RawPeer goodProxy = new RawPeer();
        ScriptedApp victim = new ScriptedApp();
        ScriptedApp bystander = new ScriptedApp();
        SecureStream v = client(listen(badProxy)).create(StreamOptions.of("echo", victim), loop);
        client(listen(goodProxy)).create(StreamOptions.of("echo", bystander), loop);
        loop.runPending();
        goodProxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CONNECTED)));
        if (created) {
            badProxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CONNECTING)));
        }
        loop.runPending();

        try (LogCapture log = new LogCapture()) {
            badProxy.send(bad);
            loop.runPending();
            assertEquals(1, log.warnings().size(), log.warnings().toString());
            String warning = log.warnings().get(0);
            assertTrue(warning.contains(problem), warning);
            assertTrue(warning.contains(endpointOf(badProxy)), "names the peer: " + warning);
        }
        assertTrue(badProxy.closed, "the offending link is closed");
        assertFalse(victim.states.contains(DESTROYING), "the stream survives");
        if (created) {
            assertEquals(CONNECTING, v.state(), "and keeps its state until it links again");
        }
        loop.advance(Duration.ofSeconds(1));
        assertEquals(2, badProxy.links.size(), "and links again a second later");
        assertEquals(SssFrameType.STREAMTYPE.code(), badProxy.bytes()[0] & 0xFF);

        goodProxy.send(Frames.rx("still here".getBytes(StandardCharsets.US_ASCII), 0));
        loop.runPending();
        assertEquals("still here", bystander.rx.toString(StandardCharsets.US_ASCII));
        assertFalse(goodProxy.closed);
    }

    @Test
    void aRideshareNameOf31BytesIsAccepted() throws IOException {
        RawPeer proxy = new RawPeer();
        ScriptedApp app = new ScriptedApp();
        SecureStream s = client(listen(proxy)).create(StreamOptions.of("echo", app), loop);
        loop.runPending();
        String name = "r".repeat(31);
        List<String> seen = new ArrayList<>();
        app.onRx = (st, flags) -> {
            seen.add(st.rideshare());
            return dev.strand.api.ss.StreamResult.OK;
        };
        ByteBuffer frame = ByteBuffer.allocate(64);
        SssEncoder.payloadHeader(frame, SssFrameType.RX_PAYLOAD, PayloadFlags.SOM, 0, 1, name, 1);
        frame.put((byte) 'x').flip();
        byte[] rx = new byte[frame.remaining()];
        frame.get(rx);
        proxy.send(Frames.join(Frames.createResult("echo"), Frames.state(CONNECTED), rx));
        loop.runPending();
        assertEquals(List.of(name), seen);
        assertEquals(List.of("1/1"), app.rxCalls);
        assertFalse(proxy.closed);
        assertEquals("echo", s.rideshare());
    }

    // ---- what a proxy must survive from a client

    static Stream<Arguments> fromAClient() {
        return MalformedVectors.from("from-client");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fromAClient")
    void aMalformedFrameFromAClientClosesOnlyThatLink(String name, boolean created, byte[] bad, String problem)
            throws IOException {
        List<ScriptedOnward> onwards = new ArrayList<>();
        Endpoint proxyEndpoint = listen(new SssProxy((req, l) -> {
            ScriptedOnward o = new ScriptedOnward(l, req.loop());
            o.policyMetadata = Set.of("xtag");
            o.onConnect = () -> {
                o.state(CONNECTING);
                o.state(CONNECTED);
            };
            o.onTx = (bytes, flags) -> o.rx(bytes, flags);
            onwards.add(o);
            return OnwardCreation.created(o);
        }, SssLinkProfile.SOCKET));
        RawPeer victim = new RawPeer();
        RawPeer bystander = new RawPeer();
        transport.connect(proxyEndpoint, ConnectOptions.DEFAULT, loop, bystander);
        transport.connect(proxyEndpoint, ConnectOptions.DEFAULT, loop, victim);
        loop.runPending();
        bystander.send(Frames.join(Frames.streamType("echo")));
        loop.runPending();
        bystander.send(Frames.onwardConnect());
        if (created) {
            victim.send(Frames.streamType("echo"));
        }
        loop.runPending();
        int answeredBefore = victim.received.size();

        try (LogCapture log = new LogCapture()) {
            victim.send(bad);
            loop.runPending();
            assertEquals(1, log.warnings().size(), log.warnings().toString());
            String warning = log.warnings().get(0);
            assertTrue(warning.contains(problem), warning);
            assertTrue(warning.contains(victim.link.peer().replace("/server", "/client")), "names the peer: " + warning);
        }
        assertTrue(victim.closed, "the offending link is closed");
        assertEquals(answeredBefore, victim.received.size(), "nothing was answered to the bad frame");
        if (created) {
            assertTrue(onwards.get(1).closed, "its onward stream is closed with it");
        }

        bystander.received.reset();
        bystander.send(Frames.tx("still here".getBytes(StandardCharsets.US_ASCII), PayloadFlags.SOM));
        loop.runPending();
        assertTrue(bystander.received.toString(StandardCharsets.ISO_8859_1).endsWith("still here"));
        assertFalse(bystander.closed);
        assertFalse(onwards.get(0).closed);
    }

    @Test
    void anUnknownStreamtypeIsAnsweredWithCreateResultFailureAndTheLinkClosed() throws IOException {
        RawPeer client = clientOf(listen(new SssProxy((req, l) -> OnwardCreation.refused("not in the policy"),
                SssLinkProfile.SOCKET)));
        try (LogCapture log = new LogCapture()) {
            client.send(Frames.join(Frames.streamType("nosuch"), Frames.txMetadata("xtag", "abc")));
            loop.runPending();
            assertEquals(1, log.warnings().size());
            assertTrue(log.warnings().get(0).contains("streamtype 'nosuch' refused (not in the policy)"));
        }
        assertArrayEquals(Frames.of(0x56, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00), client.bytes());
        assertTrue(client.closed);
    }

    @Test
    void aFactoryThatThrowsIsARefusal() throws IOException {
        RawPeer client = clientOf(listen(new SssProxy((req, l) -> {
            throw new IllegalStateException("policy broken");
        }, SssLinkProfile.SOCKET)));
        try (LogCapture log = new LogCapture()) {
            client.send(Frames.streamType("echo"));
            loop.runPending();
            assertTrue(log.warnings().get(0).contains("policy broken"));
        }
        assertArrayEquals(Frames.refused(), client.bytes());
        assertTrue(client.closed);
    }

    @Test
    void destroyingFromAClientClosesTheLinkQuietly() throws IOException {
        List<ScriptedOnward> onwards = new ArrayList<>();
        RawPeer client = clientOf(proxyMaking(onwards));
        try (LogCapture log = new LogCapture()) {
            client.send(Frames.streamType("echo"));
            loop.runPending();
            client.send(Frames.of(0xAC, 0, 0));
            loop.runPending();
            assertEquals(List.of(), log.warnings());
        }
        assertTrue(client.closed);
        assertTrue(onwards.get(0).closed);
    }

    @Test
    void noStreamTypeWithinThreeSecondsClosesASocketLinkButNotAMuxChannel() throws IOException {
        RawPeer socket = new RawPeer();
        RawPeer channel = new RawPeer();
        transport.connect(listen(new SssProxy((req, l) -> OnwardCreation.refused("-"), SssLinkProfile.SOCKET)),
                ConnectOptions.DEFAULT, loop, socket);
        transport.connect(listen(new SssProxy((req, l) -> OnwardCreation.refused("-"), SssLinkProfile.MUX_CHANNEL)),
                ConnectOptions.DEFAULT, loop, channel);
        try (LogCapture log = new LogCapture()) {
            loop.advance(Duration.ofMillis(2999));
            assertFalse(socket.closed);
            loop.advance(Duration.ofMillis(1));
            assertTrue(socket.closed);
            assertEquals(1, log.warnings().size());
            assertTrue(log.warnings().get(0).contains("no STREAMTYPE within 3000 ms"));
        }
        loop.advance(Duration.ofSeconds(60));
        assertFalse(channel.closed);
    }

    @Test
    void theStreamTypeDeadlineIsConfigurable() throws IOException {
        SssLinkProfile quick = SssLinkProfile.SOCKET.withHandshakeDeadline(Optional.of(Duration.ofMillis(500)));
        RawPeer client = clientOf(listen(new SssProxy((req, l) -> OnwardCreation.refused("-"), quick)));
        try (LogCapture log = new LogCapture()) {
            loop.advance(Duration.ofMillis(500));
            assertTrue(client.closed);
            assertTrue(log.warnings().get(0).contains("no STREAMTYPE within 500 ms"));
        }
    }

    @Test
    void a33595892MetadataThePolicyNamesButCannotBindIsSkipped() throws IOException {
        List<ScriptedOnward> onwards = new ArrayList<>();
        RawPeer client = clientOf(proxyMaking(onwards));
        client.send(Frames.join(Frames.streamType("echo"), Frames.txMetadata("unbound", "v")));
        loop.runPending();
        assertFalse(client.closed, "the onward stream skipped it and said so by answering true");
        assertEquals(List.of("metadata unbound=v"), onwards.get(0).calls);
    }

    @Test
    void aTimeoutUpdateBeforeStreamTypeIsAppliedOnceTheStreamExists() throws IOException {
        List<ScriptedOnward> onwards = new ArrayList<>();
        RawPeer client = clientOf(proxyMaking(onwards));
        client.send(Frames.join(Frames.timeout(1234), Frames.streamType("echo")));
        loop.runPending();
        assertEquals(List.of("timeout 1234"), onwards.get(0).calls);
        assertFalse(client.closed);
    }

    @Test
    void aRideshareNameOf31BytesIsAcceptedOnTx() throws IOException {
        List<ScriptedOnward> onwards = new ArrayList<>();
        RawPeer client = clientOf(proxyMaking(onwards));
        client.send(Frames.streamType("echo"));
        loop.runPending();
        ByteBuffer frame = ByteBuffer.allocate(64);
        SssEncoder.payloadHeader(frame, SssFrameType.TX_PAYLOAD, PayloadFlags.SOM, 0, 1, "r".repeat(31), 2);
        frame.put((byte) 'o').put((byte) 'k').flip();
        byte[] tx = new byte[frame.remaining()];
        frame.get(tx);
        client.send(tx);
        loop.runPending();
        assertEquals("ok", onwards.get(0).tx.toString(StandardCharsets.US_ASCII));
        assertFalse(client.closed);
    }

    /** A Strand proxy whose onward streams are scripted ones, collected in {@code onwards}. */
    private Endpoint proxyMaking(List<ScriptedOnward> onwards) throws IOException {
        return listen(new SssProxy((req, l) -> {
            ScriptedOnward o = new ScriptedOnward(l, req.loop());
            onwards.add(o);
            return OnwardCreation.created(o);
        }, SssLinkProfile.SOCKET));
    }

    /** A raw client connected to {@code proxy}. */
    private RawPeer clientOf(Endpoint proxy) {
        RawPeer client = new RawPeer();
        transport.connect(proxy, ConnectOptions.DEFAULT, loop, client);
        loop.runPending();
        return client;
    }

    private SsProxyClient client(Endpoint e) {
        return SsProxyClient.builder(transport, e).random(() -> 0L).build();
    }

    private static String endpointOf(RawPeer proxy) {
        return proxy.link.peer().replace("/client", "/server");
    }
}
