package dev.strand.secure.streams.proxy;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.protocol.h1.H1Protocol;
import dev.strand.protocol.h2.H2Protocol;
import dev.strand.secure.streams.local.OnwardEngines;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyException;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiResources;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A real SS proxy for the HTTP onward tests: the policy given, listening over a real socket of the
 * kind asked for, with the transports and protocols the distribution ships (wsi; raw, h1, h2), on
 * Netty loops (all of them, or one, so that every stream shares one engine), plus a client loop
 * group of its own. The test runs its own origins. Everything is closed with the bed.
 */
final class HttpBed implements AutoCloseable {

    final WsiTransport wsi = new WsiTransport();
    final Providers providers = Providers.empty();
    final SsProxyServer proxy;
    final Endpoint endpoint;
    final NettyLoopGroup clientLoops = NettyLoopGroup.create("http-test-client", 2);
    private final NettyLoopGroup proxyLoop;

    HttpBed(Via via, String policyJson) throws IOException {
        this(via, policyJson, false, OnwardEngines.DEFAULT_CONFIG);
    }

    /**
     * With {@code oneLoop}, every link of the proxy (and so every onward stream) runs on one loop,
     * so they share one connection engine, configured by {@code engines}.
     */
    HttpBed(Via via, String policyJson, boolean oneLoop, EngineConfig engines) throws IOException {
        providers.addTransport(wsi);
        providers.addProtocol(new RawProtocol());
        providers.addProtocol(new H1Protocol());
        providers.addProtocol(new H2Protocol());
        Policy policy;
        try {
            policy = PolicyLoader.load(policyJson);
        } catch (PolicyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        proxyLoop = oneLoop ? NettyLoopGroup.create("http-test-proxy", 1) : null;
        LoopGroup loops = oneLoop ? proxyLoop : WsiResources.sharedLoops();
        proxy = SsProxyServer.builder(policy).listen(via.endpoint()).providers(providers).loops(loops)
                .streamContext(new StreamContext(providers, RandomGenerator.getDefault(), Duration.ofSeconds(5),
                        new OnwardEngines(providers, RandomGenerator.getDefault(), engines)))
                .build();
        proxy.start();
        endpoint = proxy.listening().get(0);
    }

    /** A client of this proxy. */
    SsProxyClient client() {
        return SsProxyClient.builder(wsi, endpoint).build();
    }

    /** Creates a stream of {@code type} on one of the client loops. */
    void open(SsProxyClient client, String type, StreamHandler handler) {
        Loop loop = clientLoops.next();
        loop.execute(() -> client.create(StreamOptions.of(type, handler), loop));
    }

    /** A raw-bytes client link to the proxy. */
    SocketPeer rawClient() throws InterruptedException {
        SocketPeer peer = new SocketPeer();
        wsi.connect(endpoint, ConnectOptions.DEFAULT, clientLoops.next(), peer);
        if (!SocketPeer.await(peer::open, Duration.ofSeconds(10))) {
            throw new IllegalStateException("cannot reach the proxy at " + endpoint);
        }
        return peer;
    }

    @Override
    public void close() {
        proxy.close();
        clientLoops.close();
        if (proxyLoop != null) {
            proxyLoop.close();
        }
    }
}
