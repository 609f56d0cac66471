package dev.strand.examples.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.SecureStreams;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamState;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.mux.MuxRoute;
import dev.strand.core.net.mux.MuxSession;
import dev.strand.core.net.mux.PeerClock;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.testing.SocatPair;
import dev.strand.examples.binance.feed.FeedCertificates;
import dev.strand.examples.binance.feed.FeedScript;
import dev.strand.examples.binance.feed.LocalFeed;
import dev.strand.protocol.h1.H1Protocol;
import dev.strand.protocol.ws.WsProtocol;
import dev.strand.secure.streams.InProcessSecureStreams;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.secure.streams.proxy.SsProxyServer;
import dev.strand.transport.uart.UartTransport;
import dev.strand.transport.wsi.WsiTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One application class, unchanged, in the three placements: {@link BinanceClient} against the
 * local wss feed (real TLS, a generated CA), with the policy in-process, in a proxy reached over a
 * Linux abstract socket, and in a proxy reached over the transport mux on a socat pty pair, with
 * the proxy's clock from the mux PONGACK. Each placement's lines must be explained by the feed's
 * script.
 */
class BinancePlacementsTest {

    private static final int RATE = 20;
    private static final int REPORTS = 3;
    private static final long WAIT_S = 60;

    private static LocalFeed feed;
    private static Policy policy;
    private static Providers providers;
    private static StreamContext context;

    @BeforeAll
    static void startFeed() throws Exception {
        FeedCertificates certs = FeedCertificates.generate("127.0.0.1");
        feed = LocalFeed.start(LocalFeed.Options.demo(RATE), certs);
        policy = PolicyLoader.load(BinancePolicies.localFeed("127.0.0.1", feed.port(), certs.caDerBase64()));
        providers = Providers.empty();
        providers.addTransport(new WsiTransport());
        providers.addTransport(new UartTransport());
        providers.addProtocol(new H1Protocol());
        providers.addProtocol(new WsProtocol());
        context = new StreamContext(providers, RandomGenerator.getDefault(), Duration.ofSeconds(15));
    }

    @AfterAll
    static void stopFeed() {
        if (feed != null) {
            feed.close();
        }
    }

    @Test
    void inProcess() throws Exception {
        List<SecondReport> reports = run(new InProcessSecureStreams(policy, context), null);
        assertExplainedByTheScript(reports);
    }

    @Test
    void throughAProxyOnAUnixSocket() throws Exception {
        Endpoint at = Endpoint.parse("@strand-binance-placements-" + ProcessHandle.current().pid());
        try (SsProxyServer proxy = SsProxyServer.builder(policy).listen(at).providers(providers)
                .streamContext(context).build()) {
            proxy.start();
            assertExplainedByTheScript(run(SsProxyClient.builder(at, providers).build(), null));
        }
    }

    @Test
    void asAPicoThroughAProxyOverTheMuxOnAPtyPair() throws Exception {
        try (SocatPair line = new SocatPair()) {
            Endpoint proxyEnd = Endpoint.parse("uart:" + line.deviceA() + "?baud=2000000");
            Endpoint picoEnd = Endpoint.parse("uart:" + line.deviceB() + "?baud=2000000");
            try (SsProxyServer proxy = SsProxyServer.builder(policy).listen(proxyEnd).providers(providers)
                    .streamContext(context).build()) {
                proxy.start();
                SsProxyClient client = SsProxyClient.builder(picoEnd, providers).build();
                MuxRoute route = client.route();
                assertTrue(route.overMux(), "a serial port is carried over the mux");
                LongSupplier proxyClock = () -> route.ownMux().flatMap(m -> m.clientSession(route.endpoint()))
                        .flatMap(s -> s.peerClock().map(c -> c.estimateWallMicros(s.loop().monotonicMicros())))
                        .orElseThrow(() -> new AssertionError("no PONGACK clock by the first depth update"));
                assertExplainedByTheScript(run(client, proxyClock));
            }
        }
    }

    /** Runs a {@link BinanceClient} on {@code streams} for {@value #REPORTS} lines, then closes both. */
    private static List<SecondReport> run(SecureStreams streams, LongSupplier clock) throws Exception {
        List<SecondReport> reports = new CopyOnWriteArrayList<>();
        List<String> skipped = new CopyOnWriteArrayList<>();
        CountDownLatch enough = new CountDownLatch(REPORTS);
        CountDownLatch destroyed = new CountDownLatch(1);
        BinanceClient client = new BinanceClient(new BinanceClient.Output() {
            @Override
            public void report(SecondReport report) {
                reports.add(report);
                enough.countDown();
            }

            @Override
            public void state(StreamState state, long ack) {
                if (state == StreamState.DESTROYING) {
                    destroyed.countDown();
                }
            }

            @Override
            public void skipped(String why) {
                skipped.add(why);
            }
        }, clock);
        SecureStream[] stream = new SecureStream[1];
        try (EventLoop loop = new EventLoop("binance-placement")) {
            loop.execute(() -> stream[0] = streams.create(StreamOptions.of(BinanceClient.STREAMTYPE, client), loop));
            assertTrue(enough.await(WAIT_S, TimeUnit.SECONDS), "lines so far: " + reports);
            loop.execute(() -> stream[0].close());
            assertTrue(destroyed.await(WAIT_S, TimeUnit.SECONDS));
        } finally {
            streams.close();
        }
        assertEquals(List.of(), skipped);
        return List.copyOf(reports).subList(0, REPORTS);
    }

    private static void assertExplainedByTheScript(List<SecondReport> reports) {
        FeedScript script = feed.options().script();
        for (SecondReport r : reports) {
            assertTrue(r.messages() > 0, r.format());
            assertEquals(r.messages(), r.prices(), r.format());
            assertEquals(0, r.malformed() + r.oversized() + r.partial(), r.format());
            assertTrue(script.explain(r.messages(), r.priceMin(), r.priceMax(), r.priceAvg(), r.rxKibibytes())
                    .isPresent(), "not a run of the script: " + r.format());
            assertTrue(r.latencyMinMs() > -1000 && r.latencyMaxMs() < 10_000, "latency within reason: " + r.format());
        }
    }
}
