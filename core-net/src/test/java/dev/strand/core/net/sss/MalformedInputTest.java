package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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
 * Every malformed input of wire.md §2.7 and §2.8, the triggers of lws's security bugs included,
 * against both sides. The robust outcome each time: the offending link alone closes, with one
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
        byte[] rideshare200 = new byte[SssWire.PAYLOAD_HEADER_SIZE + 1 + 200 + 4];
        ByteBuffer b = ByteBuffer.wrap(rideshare200);
        b.put((byte) 0x55).putShort((short) (rideshare200.length - 3)).putInt(0x23).putInt(0).putLong(0).put((byte) 200);
        return Stream.of(
                arguments("unknown type 0x42", true, Frames.of(0x42, 0, 0), "unknown frame type 0x42"),
                arguments("reserved type 0x5A", true, Frames.of(0x5A, 0, 0), "TLSNEG_ENCLAVE_SIGN (0x5A): reserved type"),
                arguments("a client type from the proxy", true, Frames.onwardConnect(), "ONWARD_CONNECT (0xAB): sent by clients"),
                arguments("RX_PAYLOAD before CREATE_RESULT", false, Frames.rx(new byte[5], 0),
                        "RX_PAYLOAD (0x55): before CREATE_RESULT"),
                arguments("CONNSTATE before CREATE_RESULT", false, Frames.state(CONNECTING), "CONNSTATE (0x57): before CREATE_RESULT"),
                arguments("a second CREATE_RESULT", true, Frames.createResult("echo"), "CREATE_RESULT (0x56): unexpected"),
                arguments("CREATE_RESULT rem < 5", false, Frames.of(0x56, 0, 3, 0, 0, 0),
                        "CREATE_RESULT (0x56): rem 3: a successful result needs 5"),
                arguments("CREATE_RESULT list of 128 bytes", false, createResultWithList(",".repeat(1) + "x".repeat(127)),
                        "rideshare list of 128 bytes, the most is 127"),
                arguments("hkStella10 four comma rideshare list", false,
                        Frames.of(0x56, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x65, 0x63, 0x68, 0x6F, 0x2C, 0x61, 0x2C,
                                0x62, 0x2C, 0x63), "more than 3 commas (HKStella-10)"),
                arguments("CONNSTATE rem 4", true, Frames.of(0x57, 0, 4, 1, 0, 0, 0), "CONNSTATE (0x57): rem 4 is outside 5..8"),
                arguments("CONNSTATE rem 9", true, Frames.of(0x57, 0, 9, 0, 0, 0, 0, 5, 0, 0, 0, 0),
                        "CONNSTATE (0x57): rem 9 is outside 5..8"),
                arguments("hkStella04 rideshare name of 200 bytes", true, rideshare200,
                        "RX_PAYLOAD (0x55): rideshare name length 200, the most is 31 (HKStella-04)"),
                arguments("rideshare name of 0 bytes with bytes after it", true,
                        Frames.of(0x55, 0, 21, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0x42, 0x43, 0x44),
                        "RX_PAYLOAD (0x55): rideshare name length 0"),
                arguments("metadata name length 0", true, Frames.of(0x59, 0, 5, 0, 0x61, 0x62, 0x63, 0x64),
                        "RX_METADATA (0x59): metadata name length 0"),
                arguments("metadata name length 31", true, metadataWithName(0x59, 31),
                        "RX_METADATA (0x59): metadata name length 31, the most is 30"),
                arguments("metadata with an empty value", true, Frames.of(0x59, 0, 5, 4, 0x74, 0x65, 0x73, 0x74),
                        "RX_METADATA (0x59): rem 5 leaves no value"),
                arguments("RX_CREDIT rem 5", true, Frames.of(0x58, 0, 5, 0, 0, 0, 1, 0x57), "RX_CREDIT (0x58): rem 5, must be 4"),
                arguments("TX_CREDIT from the proxy, rem 5", true, Frames.of(0xAF, 0, 5, 0, 0, 0, 1, 0),
                        "TX_CREDIT (0xAF): rem 5, must be 4"),
                arguments("PERF rem 0", true, Frames.of(0x5B, 0, 0), "PERF (0x5B): rem 0, needs at least 1"),
                arguments("RX_PAYLOAD shorter than its header", true, Frames.of(0x55, 0, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                        "RX_PAYLOAD (0x55): rem 15, needs at least 16"));
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
        byte[] rideshare200 = new byte[SssWire.PAYLOAD_HEADER_SIZE + 1 + 200 + 4];
        ByteBuffer b = ByteBuffer.wrap(rideshare200);
        b.put((byte) 0xAD).putShort((short) (rideshare200.length - 3)).putInt(0x23).putInt(0).putLong(0).put((byte) 200);
        byte[] name32 = Frames.join(Frames.of(0xAA, 0, 41, 1, 0, 0, 0x12, 0x34, 0x1D, 0xCD, 0x65, 0),
                "a".repeat(32).getBytes(StandardCharsets.US_ASCII));
        return Stream.of(
                arguments("unknown type 0x42", false, Frames.of(0x42, 0, 0), "unknown frame type 0x42"),
                arguments("STREAMTYPE version 2", false,
                        Frames.of(0xAA, 0, 13, 2, 0, 0, 0x12, 0x34, 0x1D, 0xCD, 0x65, 0, 0x65, 0x63, 0x68, 0x6F),
                        "STREAMTYPE (0xAA): protocol version 2, only 1 is spoken"),
                arguments("STREAMTYPE name of 32 bytes", false, name32,
                        "STREAMTYPE (0xAA): streamtype name of 32 bytes, the most is 31"),
                arguments("STREAMTYPE without a name", false, Frames.of(0xAA, 0, 9, 1, 0, 0, 0, 1, 0, 0, 0, 1),
                        "STREAMTYPE (0xAA): rem 9 leaves no streamtype name"),
                arguments("TX_PAYLOAD before CREATE_RESULT", false, Frames.tx(new byte[1], 0),
                        "TX_PAYLOAD (0xAD): before CREATE_RESULT was sent"),
                arguments("ONWARD_CONNECT before STREAMTYPE", false, Frames.onwardConnect(),
                        "ONWARD_CONNECT (0xAB): before CREATE_RESULT was sent"),
                arguments("METADATA before STREAMTYPE", false, Frames.txMetadata("xtag", "abc"),
                        "TX_METADATA (0xAE): before STREAMTYPE"),
                arguments("METADATA not in the policy", true, Frames.of(0xAE, 0, 6, 4, 0x6E, 0x6F, 0x70, 0x65, 0x76),
                        "metadata name 'nope' is not in the policy of streamtype 'echo'"),
                arguments("METADATA with an empty value", true, Frames.of(0xAE, 0, 5, 4, 0x78, 0x74, 0x61, 0x67),
                        "TX_METADATA (0xAE): rem 5 leaves no value"),
                arguments("METADATA name length 31", true, metadataWithName(0xAE, 31),
                        "TX_METADATA (0xAE): metadata name length 31, the most is 30"),
                arguments("METADATA name length 0", true, Frames.of(0xAE, 0, 5, 0, 0x61, 0x62, 0x63, 0x64),
                        "TX_METADATA (0xAE): metadata name length 0"),
                arguments("hkStella04 rideshare name of 200 bytes", true, rideshare200,
                        "TX_PAYLOAD (0xAD): rideshare name length 200, the most is 31 (HKStella-04)"),
                arguments("rideshare name of 0 bytes with bytes after it", true,
                        Frames.of(0xAD, 0, 21, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0x42, 0x43, 0x44),
                        "TX_PAYLOAD (0xAD): rideshare name length 0"),
                arguments("TX_CREDIT rem 5", true, Frames.of(0xAF, 0, 5, 0, 0, 0, 1, 0), "TX_CREDIT (0xAF): rem 5, must be 4"),
                arguments("TIMEOUT_UPDATE rem 3", true, Frames.of(0xB0, 0, 3, 0, 0, 1), "TIMEOUT_UPDATE (0xB0): rem 3, must be 4"),
                arguments("PAYLOAD_LENGTH_HINT rem 5", true, Frames.of(0xB1, 0, 5, 0, 0, 0, 1, 0),
                        "PAYLOAD_LENGTH_HINT (0xB1): rem 5, must be 4"),
                arguments("a second STREAMTYPE", true, Frames.streamType("echo"), "STREAMTYPE (0xAA): a second STREAMTYPE"),
                arguments("ONWARD_CONNECT with a body", true, Frames.of(0xAB, 0, 2, 0xAB, 0),
                        "ONWARD_CONNECT (0xAB): rem 2, must be 0"),
                arguments("reserved type 0xB2", true, Frames.of(0xB2, 0, 0), "TLSNEG_ENCLAVE_SIGNED (0xB2): reserved type"),
                arguments("reserved type 0xB3", true, Frames.of(0xB3, 0, 0), "LINK_VALIDITY_PROBE (0xB3): reserved type"),
                arguments("a proxy type from the client", true, Frames.state(CONNECTED), "CONNSTATE (0x57): sent by proxies"),
                arguments("RX_CREDIT from the client", true, Frames.of(0x58, 0, 4, 0, 0, 0, 1), "RX_CREDIT (0x58): sent by proxies"),
                arguments("PERF rem 0", true, Frames.of(0x5B, 0, 0), "PERF (0x5B): rem 0, needs at least 1"));
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

    private static byte[] createResultWithList(String list) {
        byte[] l = list.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + l.length);
        b.put((byte) 0x56).putShort((short) (5 + l.length)).put((byte) 0).putInt(0).put(l);
        return b.array();
    }

    private static byte[] metadataWithName(int type, int nameLength) {
        ByteBuffer b = ByteBuffer.allocate(3 + 1 + nameLength + 1);
        b.put((byte) type).putShort((short) (1 + nameLength + 1)).put((byte) nameLength);
        for (int i = 0; i < nameLength; i++) {
            b.put((byte) 'n');
        }
        b.put((byte) 'v');
        return b.array();
    }
}
