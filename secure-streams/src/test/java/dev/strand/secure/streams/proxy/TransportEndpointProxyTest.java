package dev.strand.secure.streams.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamState;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A streamtype with Strand's {@code strand_transport_endpoint} goes onward through whichever
 * transport serves the endpoint's scheme: here core-net's {@code mem:} loopback, to an echo in
 * this JVM, behind a proxy that clients reach over a real Unix socket.
 */
class TransportEndpointProxyTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void aRawStreamGoesOnwardOverMemToAnInJvmEchoOnceSomethingListensThere() throws Exception {
        Endpoint echoAt = Endpoint.parse("mem:strand-echo-" + System.nanoTime());
        Policy policy = PolicyLoader.load("{\"s\": [{\"viamem\": {\"protocol\": \"raw\","
                + " \"strand_transport_endpoint\": \"" + echoAt + "\"}}]}");
        Providers providers = Providers.empty();
        providers.addProtocol(new RawProtocol());
        LoopbackTransport mem = new LoopbackTransport();
        providers.addTransport(mem);
        WsiTransport wsi = new WsiTransport();
        providers.addTransport(wsi);
        Endpoint proxyAt = Endpoint.parse("@strand-viamem-" + System.nanoTime());
        try (SsProxyServer proxy = SsProxyServer.builder(policy).listen(proxyAt).providers(providers).build();
             NettyLoopGroup loops = NettyLoopGroup.create("viamem-client", 1)) {
            proxy.start();
            SsProxyClient client = SsProxyClient.builder(wsi, proxyAt).build();

            MalformedInputOverSocketsTest.Bystander early = open(client, loops);
            assertTrue(SocketPeer.await(() -> early.states.contains(StreamState.ALL_RETRIES_FAILED), LIMIT),
                    "with nothing on " + echoAt + " the onward connect fails: " + early.states);
            assertFalse(early.states.contains(StreamState.CONNECTED), early.states.toString());

            try (Listener echo = mem.listen(echoAt, loops, link -> new Echo())) {
                MalformedInputOverSocketsTest.Bystander app = open(client, loops);
                assertTrue(SocketPeer.await(() -> app.echoed("first"), LIMIT),
                        "the bytes come back through " + echoAt + ": " + app.states);
                assertTrue(app.states.contains(StreamState.CONNECTED), app.states.toString());
            } finally {
                client.close();
            }
        }
    }

    private static MalformedInputOverSocketsTest.Bystander open(SsProxyClient client, NettyLoopGroup loops) {
        MalformedInputOverSocketsTest.Bystander app = new MalformedInputOverSocketsTest.Bystander();
        Loop loop = loops.next();
        loop.execute(() -> client.create(StreamOptions.of("viamem", app), loop));
        return app;
    }

    /** Writes back what it reads. */
    private static final class Echo implements LinkHandler {
        @Override
        public void onRead(Link link, ByteBuffer data) {
            link.write(data);
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
        }
    }
}
