package dev.strand.secure.streams.proxy;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.core.net.sss.SsProxyClient;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The main job end to end over real sockets: a Strand {@link SsProxyClient} to a Strand
 * {@link SsProxyServer} over an abstract Unix socket, a Unix socket file or TCP, onward over raw TCP
 * to a local echo server. Every stream sends its payload (1 B to 1 MiB), gets it back byte for
 * byte, and sees exactly CREATING, POLL, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING (it asks
 * with requestTx, which reports POLL as in-process).
 */
class ProxyEndToEndTest {

    private static final int[] SIZES = {1, 1380, 4061, 4062, 65536, 1 << 20};
    private static final int[] SIZES_AT_256 = {1, 1380, 4062, 65536};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Via via : Via.values()) {
            for (int size : SIZES) {
                cases.add(arguments(via, 1, new int[] {size}));
            }
            cases.add(arguments(via, 16, SIZES));
            int[] at256 = new int[256];
            for (int i = 0; i < at256.length; i++) {
                at256[i] = i == 0 ? 1 << 20 : SIZES_AT_256[i % SIZES_AT_256.length];
            }
            cases.add(arguments(via, 256, at256));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} streams")
    @MethodSource("cases")
    void everyStreamGetsItsPayloadBackByteForByte(Via via, int streams, int[] sizes) throws Exception {
        FdLimit.require(streams * 4 + 64);
        try (ProxyBed bed = new ProxyBed(via)) {
            SsProxyClient client = bed.client();
            CountDownLatch done = new CountDownLatch(streams);
            List<EchoApp> apps = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                EchoApp app = new EchoApp(i, sizes[i % sizes.length], done);
                apps.add(app);
                Loop loop = bed.clientLoops.next();
                loop.execute(() -> client.create(StreamOptions.of("echo", app), loop));
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), () -> "streams still running: "
                    + apps.stream().filter(a -> !a.finished()).map(EchoApp::toString).limit(5).toList());
            for (EchoApp app : apps) {
                app.check();
            }
            client.close();
        }
    }

    /** Sends {@code size} pattern bytes and destroys the stream once they all came back. */
    static final class EchoApp implements StreamHandler {
        private final int id;
        private final int size;
        private final CountDownLatch done;
        private final List<StreamState> states = new ArrayList<>();
        private int sent;
        private int received;
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
        public synchronized StreamResult onState(SecureStream stream, StreamState state, long ack) {
            states.add(state);
            if (state == CREATING) {
                stream.requestTx();
            } else if (state == DESTROYING) {
                done.countDown();
            }
            return StreamResult.OK;
        }

        @Override
        public synchronized StreamResult onTx(SecureStream stream, int ordinal, TxChunk chunk) {
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
        public synchronized StreamResult onRx(SecureStream stream, ByteBuffer data, int flags) {
            if (flags != 0 && problem == null) {
                problem = "raw rx carried flags " + PayloadFlags.toString(flags);
            }
            while (data.hasRemaining()) {
                if (data.get() != pattern(received) && problem == null) {
                    problem = "byte " + received + " differs";
                }
                received++;
            }
            return received >= size ? StreamResult.DESTROY_ME : StreamResult.OK;
        }

        synchronized boolean finished() {
            return states.contains(DESTROYING);
        }

        synchronized void check() {
            assertNull(problem, this::toString);
            assertEquals(size, received, this::toString);
            assertEquals(List.of(CREATING, POLL, CONNECTING, CONNECTED, DISCONNECTED, DESTROYING), states, this::toString);
        }

        @Override
        public synchronized String toString() {
            return "stream " + id + ": sent " + sent + "/" + size + ", received " + received + ", states " + states;
        }
    }
}
