package dev.strand.secure.streams.proxy;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.UPSTREAM_LINK_RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.core.net.retry.RetryPolicy;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.testing.Relay;
import dev.strand.transport.wsi.WsiResources;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client stream outlives its proxy link going away and coming back, over real sockets, where lws
 * clients do not (wire.md §2.2): a seed client over a socket never reads again after it reconnects
 * ({@code priv_in} is not restored), and a HEAD client destroys the stream at the second
 * CREATE_RESULT (559fb2b07 clears {@code creating_cb_done}, so DISCONNECTED to CREATING is judged
 * illegal). Between the client and the real proxy sits a relay that is closed (both links reset,
 * nothing listening) and then listens again on the same endpoint.
 */
class ProxyRelinkTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(Via.class)
    void reconn559fb2b07AStreamOutlivesItsProxyGoingAwayAndComingBack(Via via) throws Exception {
        try (ProxyBed bed = new ProxyBed(via)) {
            Relay relay = new Relay(bed.wsi, via.endpoint(), bed.endpoint, WsiResources.sharedLoops());
            Endpoint front = relay.endpoint();
            SsProxyClient client = SsProxyClient.builder(bed.wsi, front)
                    .linkRetry(RetryPolicy.of("relink", RetryPolicy.CONCEAL_FOREVER, 50, 100, 200)).build();
            Echo app = new Echo();
            Loop loop = bed.clientLoops.next();
            loop.execute(() -> client.create(StreamOptions.of("echo", app), loop));
            app.send("one");
            assertTrue(SocketPeer.await(() -> app.echoed().equals("one"), LIMIT), app::toString);
            SecureStream before = app.stream;

            relay.close();
            assertTrue(SocketPeer.await(() -> app.states.contains(UPSTREAM_LINK_RETRY), LIMIT),
                    "the link is lost and the next try finds nothing listening: " + app);
            relay = new Relay(bed.wsi, front, bed.endpoint, WsiResources.sharedLoops());
            try {
                assertTrue(SocketPeer.await(() -> app.states.stream().filter(s -> s == CONNECTED).count() == 2, LIMIT),
                        app::toString);
                app.send("two");
                assertTrue(SocketPeer.await(() -> app.echoed().equals("onetwo"), LIMIT), app::toString);
                List<StreamState> seen = app.states.stream().filter(s -> s != UPSTREAM_LINK_RETRY).toList();
                assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), seen,
                        "one CREATING, no DESTROYING: the stream carries on where an lws client would destroy it");
                assertSame(before, app.stream, "the same handle");
                client.close();
            } finally {
                relay.close();
            }
        }
    }

    /** Connects on CREATING, sends what it is given once connected, and keeps what comes back. */
    static final class Echo implements StreamHandler {
        final List<StreamState> states = new CopyOnWriteArrayList<>();
        volatile SecureStream stream;
        private final ByteArrayOutputStream rx = new ByteArrayOutputStream();
        private byte[] pending;

        void send(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            try {
                assertTrue(SocketPeer.await(() -> stream != null && stream.state() == CONNECTED, LIMIT), this::toString);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            stream.loop().execute(() -> {
                pending = bytes;
                stream.requestTx();
            });
        }

        synchronized String echoed() {
            return rx.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            stream = s;
            states.add(state);
            if (state == CREATING) {
                s.connect();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
            chunk.buffer().put(pending);
            chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
            return StreamResult.OK;
        }

        @Override
        public synchronized StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
            while (data.hasRemaining()) {
                rx.write(data.get());
            }
            return StreamResult.OK;
        }

        @Override
        public synchronized String toString() {
            return "states " + states + ", echoed '" + echoed() + "'";
        }
    }
}
