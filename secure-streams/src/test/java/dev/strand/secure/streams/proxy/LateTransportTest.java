package dev.strand.secure.streams.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.StreamOptions;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In a container bundles start in any order: a proxy whose transport is not there yet listens
 * once it arrives, stops when it leaves, and listens again when it comes back.
 */
class LateTransportTest {

    @Test
    void theProxyListensWhenItsTransportArrivesAndAgainAfterItCameBack() throws Exception {
        Providers providers = Providers.empty();
        providers.addProtocol(new RawProtocol());
        Endpoint at = Endpoint.parse("@strand-late-" + System.nanoTime());
        WsiTransport wsi = new WsiTransport();
        try (EchoOrigin origin = new EchoOrigin();
             SsProxyServer proxy = SsProxyServer.builder(TestPolicies.echo(origin.port())).listen(at).providers(providers).build();
             NettyLoopGroup loops = NettyLoopGroup.create("late-client", 1)) {
            proxy.start();
            assertEquals(List.of(), proxy.listening());
            assertEquals(List.of(at), proxy.waiting());

            providers.addTransport(wsi);
            assertEquals(List.of(at), proxy.listening());
            echoes(wsi, at, loops);

            providers.removeTransport(wsi);
            assertEquals(List.of(at), proxy.waiting());
            providers.addTransport(wsi);
            assertEquals(List.of(at), proxy.listening());
            echoes(wsi, at, loops);
        }
    }

    private static void echoes(WsiTransport wsi, Endpoint at, NettyLoopGroup loops) throws Exception {
        SsProxyClient client = SsProxyClient.builder(wsi, at).build();
        MalformedInputOverSocketsTest.Bystander app = new MalformedInputOverSocketsTest.Bystander();
        var loop = loops.next();
        loop.execute(() -> client.create(StreamOptions.of("echo", app), loop));
        assertTrue(SocketPeer.await(() -> app.echoed("first"), Duration.ofSeconds(10)), "echoes through the proxy");
        client.close();
    }
}
