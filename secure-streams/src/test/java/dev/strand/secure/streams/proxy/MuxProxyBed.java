package dev.strand.secure.streams.proxy;

import dev.strand.api.Endpoint;
import dev.strand.core.net.loop.EventLoopGroup;
import dev.strand.core.net.mux.MuxSession;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.testing.SocatPair;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.transport.uart.UartTransport;
import dev.strand.transport.wsi.WsiResources;
import dev.strand.transport.wsi.WsiTransport;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A real SS proxy serving Serialized Secure Streams over the transport mux, and what its clients
 * need: over a UART (a socat pty pair: the proxy listens on {@code uart:B}, clients connect to
 * {@code uart:A}, the endpoints written without {@code mux+}) or over TCP ({@code mux+tcp:}), onward
 * over raw TCP to an {@link EchoOrigin}. Pings every 300 ms with 300 ms grace unless told otherwise,
 * so that a lost link shows within 600 ms. Transports come from a registry of the bed's own; everything is closed with
 * the bed.
 */
final class MuxProxyBed implements AutoCloseable {

    /** What the mux runs on. */
    enum Carrier { UART, MUX_TCP }

    static final String FAST = "ping=300ms&grace=300ms&retry=300ms";
    /**
     * For tests about carrying data rather than losing the link: a PONG may wait a while behind a
     * full line and a loaded machine (other builds on two cores), so the grace is long.
     */
    static final String STEADY = "ping=1s&grace=10s&retry=300ms";
    static final Duration WAIT = Duration.ofSeconds(30);

    final Carrier carrier;
    final SocatPair pty;
    final EchoOrigin origin;
    final Providers providers = Providers.empty();
    final SsProxyServer proxy;
    final Endpoint clientEndpoint;
    final EventLoopGroup clientLoops = new EventLoopGroup("mux-bed-client", 2);

    MuxProxyBed(Carrier carrier) throws Exception {
        this(carrier, null, FAST);
    }

    MuxProxyBed(Carrier carrier, Policy policy) throws Exception {
        this(carrier, policy, FAST);
    }

    /** {@code muxParams}: the mux settings of both ends as endpoint parameters ({@link #FAST}, {@link #STEADY}). */
    MuxProxyBed(Carrier carrier, Policy policy, String muxParams) throws Exception {
        this.carrier = carrier;
        pty = carrier == Carrier.UART ? new SocatPair() : null;
        origin = new EchoOrigin();
        providers.addTransport(new WsiTransport());
        providers.addTransport(new UartTransport());
        providers.addProtocol(new RawProtocol());
        Endpoint listen = carrier == Carrier.UART
                ? Endpoint.parse("uart:" + pty.deviceB() + "?poll=50ms&" + muxParams)
                : Endpoint.parse("mux+tcp:127.0.0.1:0?" + muxParams);
        proxy = SsProxyServer.builder(policy != null ? policy : TestPolicies.echo(origin.port()))
                .listen(listen)
                .providers(providers)
                .loops(WsiResources.sharedLoops())
                .streamContext(new StreamContext(providers, RandomGenerator.getDefault(), Duration.ofSeconds(5)))
                .build();
        proxy.start();
        clientEndpoint = carrier == Carrier.UART
                ? Endpoint.parse("uart:" + pty.deviceA() + "?baud=2000000&" + muxParams)
                : proxy.listening().get(0);
    }

    /** A client of this proxy, with its own mux over the client endpoint. */
    SsProxyClient client() {
        return SsProxyClient.builder(clientEndpoint, providers).build();
    }

    /** The mux session a client runs (once one of its streams asked for a link). */
    static MuxSession session(SsProxyClient client) {
        return client.route().ownMux().orElseThrow().clientSession(client.route().endpoint()).orElseThrow();
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        origin.close();
        clientLoops.close();
        if (pty != null) {
            pty.close();
        }
    }
}
