package dev.strand.secure.streams.proxy;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.retry.RetryPolicy;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.sss.SssEncoder;
import dev.strand.core.net.sss.SssFrameType;
import dev.strand.core.net.sss.SssWire;
import dev.strand.transport.wsi.WsiResources;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed input of wire.md §2.7–§2.8 (the shared vectors of core-net's
 * {@code MalformedInputTest}, lws's security bugs included) over real sockets of each kind: against
 * the real proxy process path ({@link SsProxyServer} with a policy), and against the Strand client
 * with a fake proxy. Each time only the offending link closes, with one warning that says what was
 * wrong and names the peer; another stream on the same proxy carries on; nothing escapes a loop.
 */
class MalformedInputOverSocketsTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);

    static Stream<Arguments> fromAClient() {
        return MalformedVectors.from("from-client");
    }

    static Stream<Arguments> fromAProxy() {
        return MalformedVectors.from("from-proxy");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("fromAClient")
    void aMalformedFrameFromAClientClosesOnlyThatLinkOfTheProxy(Via via, String name, boolean created, byte[] bad,
                                                                String problem) throws Exception {
        try (ProxyBed bed = new ProxyBed(via)) {
            Bystander bystander = new Bystander();
            SsProxyClient client = bed.client();
            Loop loop = bed.clientLoops.next();
            loop.execute(() -> client.create(StreamOptions.of("echo", bystander), loop));
            assertTrue(SocketPeer.await(() -> bystander.echoed("first"), LIMIT), "the bystander echoes");

            SocketPeer victim = new SocketPeer();
            bed.wsi.connect(bed.endpoint, ConnectOptions.DEFAULT, bed.clientLoops.next(), victim);
            assertTrue(SocketPeer.await(victim::open, LIMIT));
            if (created) {
                victim.send(streamType("echo"));
                assertTrue(SocketPeer.await(() -> victim.size() >= 8, LIMIT), "CREATE_RESULT arrives");
                assertEquals(0x56, victim.bytes()[0] & 0xFF);
            }
            int answeredBefore = victim.size();
            try (LogCapture log = new LogCapture()) {
                victim.send(bad);
                assertTrue(SocketPeer.await(victim::closed, LIMIT), "the offending link is closed");
                List<String> warnings = log.warnings("dev.strand.core.net.sss.SssProxy");
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains(problem), warnings.get(0));
                String peer = via == Via.TCP ? "tcp:127.0.0.1:" : bed.endpoint + "#";
                assertTrue(warnings.get(0).contains(peer), "names the peer: " + warnings.get(0));
            }
            assertEquals(answeredBefore, victim.size(), "nothing was answered to the bad frame");

            bystander.send(loop, "second");
            assertTrue(SocketPeer.await(() -> bystander.echoed("firstsecond"), LIMIT), "the bystander carries on");
            assertEquals(List.of(StreamState.CREATING, StreamState.POLL, CONNECTING, CONNECTED), bystander.states,
                    "requestTx from CREATING: POLL, then CONNECTING, as in-process");
            client.close();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("fromAProxy")
    void aMalformedFrameFromAProxyClosesOnlyThatLinkAndTheClientStreamLinksAgain(Via via, String name, boolean created,
            byte[] bad, String problem) throws Exception {
        SocketPeer fakeProxy = new SocketPeer();
        try (ProxyBed bed = new ProxyBed(via);
             Listener fake = bed.wsi.listen(via.endpoint(), WsiResources.sharedLoops(), fakeProxy)) {
            Bystander bystander = new Bystander();
            Loop loop = bed.clientLoops.next();
            SsProxyClient good = bed.client();
            loop.execute(() -> good.create(StreamOptions.of("echo", bystander), loop));
            assertTrue(SocketPeer.await(() -> bystander.echoed("first"), LIMIT), "the bystander echoes");

            Endpoint fakeAt = fake.endpoint();
            SsProxyClient victimClient = SsProxyClient.builder(bed.wsi, fakeAt)
                    .linkRetry(RetryPolicy.of("fast", RetryPolicy.CONCEAL_FOREVER, 50)).build();
            Bystander victim = new Bystander();
            loop.execute(() -> victimClient.create(StreamOptions.of("echo", victim), loop));
            assertTrue(SocketPeer.await(() -> fakeProxy.size() > 0, LIMIT), "STREAMTYPE arrives");
            if (created) {
                fakeProxy.send(join(createResult("echo"), state(CONNECTING)));
                assertTrue(SocketPeer.await(() -> victim.states.contains(CONNECTING), LIMIT));
            }
            try (LogCapture log = new LogCapture()) {
                fakeProxy.send(bad);
                assertTrue(SocketPeer.await(() -> fakeProxy.links.get() == 2, LIMIT), "the client links again");
                List<String> warnings = log.warnings("dev.strand.core.net.sss");
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains(problem), warnings.get(0));
                assertTrue(warnings.get(0).contains(fakeAt.toString()), "names the peer: " + warnings.get(0));
            }
            assertTrue(SocketPeer.await(() -> fakeProxy.size() > 0 && fakeProxy.bytes()[0] == (byte) 0xAA, LIMIT),
                    "with a new STREAMTYPE");
            assertFalse(victim.states.contains(DESTROYING), "the stream survives");

            bystander.send(loop, "second");
            assertTrue(SocketPeer.await(() -> bystander.echoed("firstsecond"), LIMIT), "the other stream carries on");
            victimClient.close();
            good.close();
        }
    }

    private static byte[] streamType(String name) {
        ByteBuffer b = ByteBuffer.allocate(64);
        SssEncoder.streamType(b, 1234, SssWire.DEFAULT_INITIAL_TX_CREDIT, name);
        return bytes(b);
    }

    private static byte[] createResult(String name) {
        ByteBuffer b = ByteBuffer.allocate(64);
        SssEncoder.createResult(b, SssWire.CREATE_OK, 0, List.of(name));
        return bytes(b);
    }

    private static byte[] state(StreamState s) {
        ByteBuffer b = ByteBuffer.allocate(16);
        SssEncoder.connState(b, s.value(), 0);
        return bytes(b);
    }

    private static byte[] join(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    private static byte[] bytes(ByteBuffer b) {
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** An echo stream that sends "first" once connected, and more on request. */
    static final class Bystander implements StreamHandler {
        final List<StreamState> states = new CopyOnWriteArrayList<>();
        private final ByteArrayOutputStream rx = new ByteArrayOutputStream();
        private volatile SecureStream stream;
        private volatile String pending = "first";

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            stream = s;
            states.add(state);
            if (state == StreamState.CREATING) {
                s.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream s, int ordinal, dev.strand.api.ss.TxChunk chunk) {
            String p = pending;
            if (p == null) {
                return StreamResult.TX_DONT_SEND;
            }
            pending = null;
            chunk.buffer().put(p.getBytes(StandardCharsets.US_ASCII));
            chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
            return StreamResult.OK;
        }

        @Override
        public synchronized StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            rx.writeBytes(b);
            return StreamResult.OK;
        }

        synchronized boolean echoed(String text) {
            return rx.toString(StandardCharsets.US_ASCII).equals(text);
        }

        void send(Loop loop, String text) {
            loop.execute(() -> {
                pending = text;
                stream.requestTx();
            });
        }
    }
}
