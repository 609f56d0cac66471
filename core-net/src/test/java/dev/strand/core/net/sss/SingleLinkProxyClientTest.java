package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.strand.api.ss.TxChunk;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoopGroup;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.mux.MuxRoute;
import dev.strand.core.net.testing.SingleLinkTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An SS proxy client given an endpoint whose transport carries one link (as a serial port does)
 * runs its streams as channels of the transport mux on that one link, and a proxy listening
 * through the same {@link MuxRoute} rule serves each channel as a stream: real in-JVM links, a
 * fake clock.
 */
class SingleLinkProxyClientTest {

    private final ManualLoop loop = new ManualLoop();
    private final SingleLinkTransport line = new SingleLinkTransport();

    @Test
    void streamsToASingleLinkEndpointShareOneLinkAsMuxChannelsWithTheEndpointsMuxSettings() throws Exception {
        Endpoint endpoint = Endpoint.parse("line:sspc-" + System.nanoTime() + "?ping=3s&grace=1s");
        MuxRoute proxySide = MuxRoute.of(endpoint, line);
        try (Listener l = proxySide.transport().listen(proxySide.endpoint(), loop,
                new SssProxy(EchoOnward.factory(1 << 16), SssLinkProfile.of(proxySide)))) {
            SsProxyClient client = SsProxyClient.builder(line, endpoint).build();
            assertEquals(SssLinkProfile.MUX_CHANNEL, client.profile());
            assertEquals(Endpoint.parse("mux+" + endpoint), client.route().endpoint());

            List<ScriptedApp> apps = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ScriptedApp app = new ScriptedApp();
                byte[] hello = ("hello " + i).getBytes(StandardCharsets.US_ASCII);
                app.on(CONNECTED, s -> {
                    s.requestTx();
                    return StreamResult.OK;
                });
                app.on(CREATING, s -> {
                    s.connect();
                    return StreamResult.OK;
                });
                boolean[] sent = new boolean[1];
                app.onTx = (s, chunk) -> {
                    if (sent[0]) {
                        return StreamResult.TX_DONT_SEND;
                    }
                    sent[0] = true;
                    chunk.buffer().put(hello);
                    chunk.flags(PayloadFlags.SOM | PayloadFlags.EOM);
                    return StreamResult.OK;
                };
                apps.add(app);
                client.create(StreamOptions.of("echo", app), loop);
            }
            settle();
            for (int i = 0; i < apps.size(); i++) {
                assertEquals(List.of(CREATING, CONNECTING, CONNECTED), apps.get(i).states);
                assertArrayEquals(("hello " + i).getBytes(StandardCharsets.US_ASCII), apps.get(i).rx.toByteArray());
            }
            assertEquals(1, line.connects.get(), "one link for five streams");
            assertEquals(1, line.acceptedLinks.size());
            assertEquals(Duration.ofSeconds(3), client.route().ownMux().orElseThrow()
                    .clientSession(client.route().endpoint()).orElseThrow().settings().pingInterval());

            client.close();
            settle();
            assertFalse(line.clientLinks.get(0).isOpen(), "closing the client released its link");
            assertTrue(apps.stream().allMatch(a -> a.count(StreamState.DESTROYING) == 1));
        } finally {
            proxySide.close();
            settle();
        }
    }

    @Test
    void streamsOnOtherLoopsThanTheMuxSessionsHearEverythingOnTheirOwnLoop() throws Exception {
        Endpoint endpoint = Endpoint.parse("line:loops-" + System.nanoTime());
        MuxRoute proxySide = MuxRoute.of(endpoint, line);
        try (EventLoopGroup proxyLoops = new EventLoopGroup("single-link-proxy", 1);
             EventLoopGroup clientLoops = new EventLoopGroup("single-link-client", 3);
             Listener l = proxySide.transport().listen(proxySide.endpoint(), proxyLoops,
                     new SssProxy(EchoOnward.factory(1 << 16), SssLinkProfile.of(proxySide)))) {
            SsProxyClient client = SsProxyClient.builder(line, endpoint).build();
            int streams = 9;
            int size = 50_000;
            CountDownLatch done = new CountDownLatch(streams);
            List<LoopCheckingEcho> apps = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                Loop loop = clientLoops.next();
                LoopCheckingEcho app = new LoopCheckingEcho(size, done);
                apps.add(app);
                loop.execute(() -> client.create(StreamOptions.of("echo", app), loop));
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), () -> apps.toString());
            for (LoopCheckingEcho app : apps) {
                assertEquals(null, app.problem, app.toString());
                assertEquals(size, app.received, app.toString());
            }
            assertEquals(1, line.connects.get());
            client.close();
        } finally {
            proxySide.close();
        }
    }

    /** Sends {@code size} bytes, expects them back, and notes any callback not on the stream's loop. */
    private static final class LoopCheckingEcho implements StreamHandler {
        private final int size;
        private final CountDownLatch done;
        volatile String problem;
        volatile int received;
        private int sent;

        LoopCheckingEcho(int size, CountDownLatch done) {
            this.size = size;
            this.done = done;
        }

        private void check(SecureStream s, String where) {
            if (!s.loop().inLoop() && problem == null) {
                problem = where + " ran on " + Thread.currentThread().getName();
            }
        }

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            check(s, "onState " + state);
            if (state == CREATING) {
                s.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
            check(s, "onTx");
            int n = Math.min(chunk.buffer().remaining(), size - sent);
            chunk.buffer().put(new byte[n]);
            sent += n;
            if (sent < size) {
                s.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
            check(s, "onRx");
            received += data.remaining();
            if (received == size) {
                done.countDown();
            }
            return StreamResult.OK;
        }

        @Override
        public String toString() {
            return "sent " + sent + ", received " + received + (problem == null ? "" : ", " + problem);
        }
    }

    private void settle() {
        for (int i = 0; i < 10; i++) {
            loop.advance(Duration.ZERO);
        }
    }
}
