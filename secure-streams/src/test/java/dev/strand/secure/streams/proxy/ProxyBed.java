package dev.strand.secure.streams.proxy;

import dev.strand.api.Endpoint;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiResources;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A real proxy for a test: an {@link EchoOrigin}, an {@link SsProxyServer} with a policy pointed at
 * it listening over a real socket of the kind asked for (on Netty loops), and a client loop group
 * of its own. Everything is closed with the bed.
 */
final class ProxyBed implements AutoCloseable {

    final WsiTransport wsi = new WsiTransport();
    final EchoOrigin origin;
    final SsProxyServer proxy;
    final Endpoint endpoint;
    final NettyLoopGroup clientLoops = NettyLoopGroup.create("test-client", 2);

    ProxyBed(Via via) throws IOException {
        this(via, null);
    }

    ProxyBed(Via via, Policy policy) throws IOException {
        origin = new EchoOrigin();
        Providers providers = Providers.empty();
        providers.addTransport(wsi);
        providers.addProtocol(new RawProtocol());
        proxy = SsProxyServer.builder(policy != null ? policy : TestPolicies.echo(origin.port()))
                .listen(via.endpoint())
                .providers(providers)
                .loops(WsiResources.sharedLoops())
                .streamContext(new StreamContext(providers, RandomGenerator.getDefault(), Duration.ofSeconds(5)))
                .build();
        proxy.start();
        endpoint = proxy.listening().get(0);
    }

    /** A client of this proxy. */
    SsProxyClient client() {
        return SsProxyClient.builder(wsi, endpoint).build();
    }

    @Override
    public void close() {
        proxy.close();
        origin.close();
        clientLoops.close();
    }
}
