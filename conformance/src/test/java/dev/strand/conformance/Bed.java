package dev.strand.conformance;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.SecureStreams;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.protocol.h1.H1Protocol;
import dev.strand.protocol.h2.H2Protocol;
import dev.strand.protocol.ws.WsProtocol;
import dev.strand.secure.streams.InProcessSecureStreams;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.proxy.SsProxyServer;
import dev.strand.transport.uart.UartTransport;
import dev.strand.transport.wsi.WsiResources;
import dev.strand.transport.wsi.WsiTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One placement's {@link SecureStreams}, with whatever serves it: nothing more in-process; a Strand
 * SS proxy listening on an abstract Unix socket; or a Strand SS proxy on {@code uart:} at one end
 * of a socat pty pair and the client on {@code uart:} at the other (a {@code uart:} endpoint always
 * carries the transport mux). Onward connections go over real
 * TCP to the suite's origins. The proxy and the client each have their own transport registry,
 * as two processes would.
 */
final class Bed implements AutoCloseable {

    final Placement placement;
    final SecureStreams streams;
    private final List<AutoCloseable> parts;

    private Bed(Placement placement, SecureStreams streams, List<AutoCloseable> parts) {
        this.placement = placement;
        this.streams = streams;
        this.parts = parts;
    }

    static Bed start(Placement placement, Policy policy, WsiTransport wsi) throws Exception {
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            return switch (placement) {
                case IN_PROCESS -> new Bed(placement, new InProcessSecureStreams(policy, context(onward(wsi))), parts);
                case PROXY_UDS -> {
                    Providers proxySide = onward(wsi);
                    SsProxyServer proxy = proxy(policy, proxySide, Endpoint.parse("@strand-conformance-" + System.nanoTime()));
                    parts.add(proxy);
                    SsProxyClient client = SsProxyClient.builder(wsi, proxy.listening().get(0)).build();
                    parts.add(0, client);
                    yield new Bed(placement, client, parts);
                }
                case PROXY_UART_MUX -> {
                    Pty pty = new Pty();
                    parts.add(pty);
                    Providers proxySide = onward(wsi);
                    proxySide.addTransport(new UartTransport());
                    SsProxyServer proxy = proxy(policy, proxySide, Endpoint.parse("uart:" + pty.b + "?poll=50ms"));
                    parts.add(0, proxy);
                    Providers clientSide = Providers.empty();
                    clientSide.addTransport(new UartTransport());
                    SsProxyClient client = SsProxyClient.builder(Endpoint.parse("uart:" + pty.a + "?baud=2000000"),
                            clientSide).build();
                    parts.add(0, client);
                    yield new Bed(placement, client, parts);
                }
            };
        } catch (Exception | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    /** Transports and protocols for onward connections: real TCP; raw, h1, h2 and ws. */
    private static Providers onward(WsiTransport wsi) {
        Providers p = Providers.empty();
        p.addTransport(wsi);
        p.addProtocol(new RawProtocol());
        p.addProtocol(new H1Protocol());
        p.addProtocol(new H2Protocol());
        p.addProtocol(new WsProtocol());
        return p;
    }

    private static StreamContext context(Providers providers) {
        return new StreamContext(providers, RandomGenerator.getDefault(), Duration.ofSeconds(5));
    }

    private static SsProxyServer proxy(Policy policy, Providers providers, Endpoint endpoint) throws Exception {
        SsProxyServer proxy = SsProxyServer.builder(policy)
                .listen(endpoint)
                .providers(providers)
                .loops(WsiResources.sharedLoops())
                .streamContext(context(providers))
                .build();
        proxy.start();
        if (proxy.listening().isEmpty()) {
            proxy.close();
            throw new IllegalStateException("the proxy is not listening on " + endpoint + " (waiting: " + proxy.waiting() + ")");
        }
        return proxy;
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable p : parts) {
            try {
                p.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + p + " failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return placement.name();
    }
}
