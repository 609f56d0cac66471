package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoopGroup;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Strand client and a Strand proxy over in-JVM links on real loops (two for the client, two for
 * the proxy), with an in-process echo onward stream: every stream sends its payload, gets it back
 * byte for byte with one SOM and one EOM, sees its metadata answered before the first echo, and
 * ends on a timeout it armed through the proxy.
 */
class SssEndToEndTest {

    private final LoopbackTransport transport = new LoopbackTransport();

    static Stream<Arguments> streamsAndSizes() {
        return Stream.of(
                arguments(1, 1, SssLinkProfile.SOCKET),
                arguments(1, 1380, SssLinkProfile.SOCKET),
                arguments(1, 1381, SssLinkProfile.SOCKET),
                arguments(1, 4061, SssLinkProfile.SOCKET),
                arguments(1, 4062, SssLinkProfile.MUX_CHANNEL),
                arguments(1, 1 << 20, SssLinkProfile.SOCKET),
                arguments(1, 1 << 20, SssLinkProfile.MUX_CHANNEL),
                arguments(16, 64 << 10, SssLinkProfile.SOCKET),
                arguments(256, 4 << 10, SssLinkProfile.SOCKET),
                arguments(256, 1, SssLinkProfile.MUX_CHANNEL));
    }

    @ParameterizedTest(name = "{0} streams of {1} bytes over {2}")
    @MethodSource("streamsAndSizes")
    void everyStreamGetsItsPayloadBackByteForByte(int streams, int size, SssLinkProfile profile) throws Exception {
        Endpoint endpoint = Endpoint.parse("mem:e2e-" + System.nanoTime());
        try (EventLoopGroup clientLoops = new EventLoopGroup("e2e-client", 2);
             EventLoopGroup proxyLoops = new EventLoopGroup("e2e-proxy", 2);
             Listener listener = transport.listen(endpoint, proxyLoops, new SssProxy(EchoOnward.factory(16 << 10), profile))) {
            SsProxyClient client = SsProxyClient.builder(transport, endpoint).linkProfile(profile).build();
            CountDownLatch done = new CountDownLatch(streams);
            List<EchoApp> apps = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                EchoApp app = new EchoApp(i, size, done);
                apps.add(app);
                Loop loop = clientLoops.next();
                loop.execute(() -> client.create(StreamOptions.of("echo", app), loop));
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), () -> "streams still running: "
                    + apps.stream().filter(a -> a.states.isEmpty() || a.states.get(a.states.size() - 1) != DESTROYING)
                    .map(EchoApp::toString).limit(5).toList());
            for (EchoApp app : apps) {
                app.check();
            }
            assertEquals(0, client.liveStreams());
        }
    }

    /** Sends {@code size} pattern bytes, checks the echo, then arms a 50 ms timeout that ends the stream. */
    private static final class EchoApp implements StreamHandler {
        private final int id;
        private final int size;
        private final CountDownLatch done;
        final List<StreamState> states = new ArrayList<>();
        private int sent;
        private int received;
        private int soms;
        private int eoms;
        private String problem;

        EchoApp(int id, int size, CountDownLatch done) {
            this.id = id;
            this.size = size;
            this.done = done;
        }

        private byte pattern(int at) {
            return (byte) (at * 31 + id * 7 ^ at >>> 9);
        }

        @Override
        public StreamResult onState(SecureStream stream, StreamState state, long ack) {
            states.add(state);
            if (state == CREATING) {
                stream.setMetadata("xtag", "v" + id);
                stream.requestTx(size);
            } else if (state == TIMEOUT) {
                return StreamResult.DESTROY_ME;
            } else if (state == DESTROYING) {
                done.countDown();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream stream, int ordinal, TxChunk chunk) {
            ByteBuffer b = chunk.buffer();
            int n = Math.min(b.remaining(), size - sent);
            for (int i = 0; i < n; i++) {
                b.put(pattern(sent + i));
            }
            chunk.flags((sent == 0 ? PayloadFlags.SOM : 0) | (sent + n == size ? PayloadFlags.EOM : 0));
            sent += n;
            if (sent < size) {
                stream.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onRx(SecureStream stream, ByteBuffer data, int flags) {
            if (received == 0) {
                String tag = stream.metadata("rx-xtag").map(v -> new String(v, StandardCharsets.US_ASCII)).orElse(null);
                if (!("v" + id).equals(tag)) {
                    problem = "rx metadata rx-xtag was " + tag + " at the first rx";
                }
            }
            soms += (flags & PayloadFlags.SOM) != 0 ? 1 : 0;
            eoms += (flags & PayloadFlags.EOM) != 0 ? 1 : 0;
            while (data.hasRemaining()) {
                if (data.get() != pattern(received) && problem == null) {
                    problem = "byte " + received + " differs";
                }
                received++;
            }
            if (received == size) {
                stream.startTimeout(50);
            }
            return StreamResult.OK;
        }

        void check() {
            assertEquals(null, problem, this::toString);
            assertEquals(size, received, this::toString);
            assertEquals(1, soms, this::toString);
            assertEquals(1, eoms, this::toString);
            assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED, TIMEOUT, DISCONNECTED, DESTROYING), states,
                    this::toString);
        }

        @Override
        public synchronized String toString() {
            return "stream " + id + ": sent " + sent + "/" + size + ", received " + received + ", states " + states;
        }
    }
}
