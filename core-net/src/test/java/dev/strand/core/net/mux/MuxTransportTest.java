package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.NoSuchTransportException;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.testing.LinkRecorder;
import dev.strand.core.net.testing.Relay;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mux as a transport over {@code mem:} links on a fake clock: a Strand client session and a
 * Strand server session, through a relay that can cut the cable silently.
 */
class MuxTransportTest {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ManualLoop loop = new ManualLoop();
    private final LoopbackTransport mem = new LoopbackTransport();
    private final Providers providers = Providers.empty();
    private final MuxTransport mux;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ChannelProbe> serverChannels = new ArrayList<>();
    private final String name = "mux-transport-" + COUNTER.incrementAndGet();

    MuxTransportTest() {
        providers.addTransport(mem);
        mux = new MuxTransport(providers);
        providers.addTransport(mux);
    }

    @AfterEach
    void close() throws Exception {
        mux.close();
        for (AutoCloseable c : resources) {
            c.close();
        }
        loop.runPending();
    }

    private Listener listen(String params) throws IOException {
        Listener l = mux.listen(Endpoint.parse("mux+mem:" + name + params), loop, link -> {
            ChannelProbe p = new ChannelProbe();
            serverChannels.add(p);
            return p;
        });
        resources.add(l);
        return l;
    }

    private Relay relay() throws IOException {
        Relay r = new Relay(mem, Endpoint.parse("mem:" + name + "-relay"), Endpoint.parse("mem:" + name), loop);
        resources.add(r);
        return r;
    }

    private ChannelProbe connect(String endpoint) {
        ChannelProbe p = new ChannelProbe();
        mux.connect(Endpoint.parse(endpoint), ConnectOptions.DEFAULT, loop, p);
        return p;
    }

    /** Lets both sessions run their three-way PINGs and everything queued. */
    private void settle() {
        for (int i = 0; i < 5; i++) {
            loop.advance(Duration.ZERO);
        }
    }

    @Test
    void sixtyFourChannelsCarryTheirOwnBytesExactlyBothWays() throws Exception {
        listen("");
        List<ChannelProbe> clients = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            clients.add(connect("mux+mem:" + name));
        }
        settle();
        assertEquals(64, serverChannels.size());
        SplittableRandom random = new SplittableRandom(9);
        List<byte[]> up = new ArrayList<>();
        List<byte[]> down = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            byte[] u = new byte[1 + random.nextInt(20_000)];
            byte[] d = new byte[1 + random.nextInt(20_000)];
            random.nextBytes(u);
            random.nextBytes(d);
            up.add(u);
            down.add(d);
            clients.get(i).write(u);
        }
        settle();
        for (int i = 0; i < 64; i++) {
            ChannelProbe server = byIndex(clients.get(i).channel().index());
            server.write(down.get(i));
        }
        settle();
        for (int i = 0; i < 64; i++) {
            ChannelProbe client = clients.get(i);
            assertArrayEquals(up.get(i), byIndex(client.channel().index()).take(), "up, channel " + i);
            assertArrayEquals(down.get(i), client.take(), "down, channel " + i);
        }
    }

    @Test
    void aCutCableIsDetectedWithinIntervalPlusGraceOnBothSidesAndNewChannelsWorkOnceItIsMended() throws Exception {
        listen("");
        Relay relay = relay();
        ChannelProbe a = connect("mux+mem:" + name + "-relay");
        ChannelProbe b = connect("mux+mem:" + name + "-relay");
        settle();
        assertTrue(a.link.isOpen() && b.link.isOpen());
        MuxSession client = a.channel().session();
        MuxSession server = serverChannels.get(0).channel().session();
        loop.advance(Duration.ofMillis(3_700));
        relay.cut(true);
        loop.advance(Duration.ofSeconds(12));
        assertFalse(client.isLinkUp(), "client: down within 10 s + 2 s");
        assertFalse(server.isLinkUp(), "server: down within 10 s + 2 s");
        for (ChannelProbe p : List.of(a, b, serverChannels.get(0), serverChannels.get(1))) {
            assertInstanceOf(MuxLinkDownException.class, p.closeCause());
        }
        relay.cut(false);
        loop.advance(Duration.ofSeconds(4));
        assertTrue(client.isLinkUp() && server.isLinkUp(), "RESET + PING every 4 s brings it back");
        ChannelProbe fresh = connect("mux+mem:" + name + "-relay");
        settle();
        fresh.write(new byte[] {1, 2, 3});
        settle();
        assertArrayEquals(new byte[] {1, 2, 3}, byIndex(fresh.channel().index()).take());
    }

    @Test
    void theClientReconnectsTheUnderlyingLinkWithBackoffAndOpensNewChannelsOnIt() throws Exception {
        listen("");
        Relay relay = relay();
        ChannelProbe a = connect("mux+mem:" + name + "-relay");
        settle();
        assertTrue(a.link.isOpen());
        relay.resetAll();
        loop.runPending();
        assertInstanceOf(MuxLinkDownException.class, a.closeCause());
        assertTrue(a.closeCause().getMessage().contains("underlying link"), a.closeCause().getMessage());
        ChannelProbe b = connect("mux+mem:" + name + "-relay");
        loop.advance(Duration.ofMillis(700));
        settle();
        assertTrue(b.link != null && b.link.isOpen(), "reconnected within the first backoff step");
        assertEquals(1, relay.pairs(), "one live relayed link");
    }

    @Test
    void aConnectFailsWhenTheUnderlyingLinkCannotConnectNamingWhy() {
        ChannelProbe p = connect("mux+mem:" + name + "-nobody");
        loop.runPending();
        assertNotNull(p.connectFailure);
        assertTrue(p.connectFailure.getMessage().contains("could not connect"), p.connectFailure.getMessage());
    }

    @Test
    void thePeersClockFromItsPongAckIsOfferedOnTheClientSession() throws Exception {
        listen("");
        connect("mux+mem:" + name);
        settle();
        MuxSession session = mux.clientSession(Endpoint.parse("mux+mem:" + name)).orElseThrow();
        PeerClock clock = session.peerClock().orElseThrow();
        assertEquals(loop.currentTimeMicros(), clock.estimateWallMicros(loop.monotonicMicros()));
    }

    @Test
    void settingsComeFromEndpointParametersAndTheRestGoesToTheInnerTransport() throws Exception {
        List<Endpoint> seen = new ArrayList<>();
        providers.addTransport(new Recording(mem, seen));
        Listener l = mux.listen(Endpoint.parse("mux+rec:" + name + "?ping=300ms&grace=100ms&channels=7&frame=512&x=1"),
                loop, link -> new ChannelProbe());
        resources.add(l);
        assertEquals(Endpoint.parse("rec:" + name + "?x=1"), seen.get(0));
        assertEquals(Endpoint.parse("mux+rec:" + name + "?x=1&ping=300ms&grace=100ms&channels=7&frame=512"), l.endpoint());
        ChannelProbe p = connect("mux+rec:" + name + "?ping=300ms&grace=100ms&channels=7&frame=512&x=1");
        settle();
        MuxSettings s = p.channel().session().settings();
        assertEquals(Duration.ofMillis(300), s.pingInterval());
        assertEquals(Duration.ofMillis(100), s.pongGrace());
        assertEquals(7, s.maxChannels());
        assertEquals(512, s.maxFramePayload());
    }

    @Test
    void endpointsThatAreNotMuxOrHaveNoInnerTransportAreRefusedNamingWhy() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> connect("mem:" + name));
        assertTrue(plain.getMessage().contains("mux+SCHEME"), plain.getMessage());
        NoSuchTransportException none = assertThrows(NoSuchTransportException.class,
                () -> mux.connect(Endpoint.parse("mux+uart:/dev/ttyS9"), ConnectOptions.DEFAULT, loop, new ChannelProbe()));
        assertTrue(none.getMessage().contains("uart"), none.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> connect("mux+mem:" + name + "?ping=often"));
        assertTrue(bad.getMessage().contains("ping"), bad.getMessage());
    }

    @Test
    void theMuxIsFoundThroughTheRegistryByItsScheme() {
        assertEquals(mux, providers.transportFor(Endpoint.parse("mux+tcp:127.0.0.1:7000")));
        assertEquals(Set.of("mux"), mux.schemes());
        assertEquals("mux", mux.name());
    }

    @Test
    void aLinkAcceptedAfterTheTransportClosedIsClosedWithNothingWrittenToIt() throws Exception {
        listen("");
        mux.close();
        LinkRecorder peer = new LinkRecorder();
        mem.connect(Endpoint.parse("mem:" + name), ConnectOptions.DEFAULT, loop, peer);
        loop.runPending();
        loop.advance(Duration.ofSeconds(30));
        assertTrue(peer.closed.isDone(), "the link is closed");
        assertEquals(0, peer.receivedCount(), "no PING or anything else was written");
    }

    /** The latest server channel with that index (indexes are reused once freed). */
    private ChannelProbe byIndex(int index) {
        for (int i = serverChannels.size() - 1; i >= 0; i--) {
            if (serverChannels.get(i).channel().index() == index) {
                return serverChannels.get(i);
            }
        }
        throw new AssertionError("no server channel " + index);
    }

    /** A transport for scheme {@code rec} that records the endpoints it is given and uses mem links. */
    private record Recording(LoopbackTransport mem, List<Endpoint> seen) implements TransportOps {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Set<String> schemes() {
            return Set.of("rec");
        }

        @Override
        public Loop.Scheduled connect(Endpoint e, ConnectOptions o, Loop loop, LinkHandler h) {
            seen.add(e);
            return mem.connect(Endpoint.of("mem", e.address()), o, loop, h);
        }

        @Override
        public Listener listen(Endpoint e, LoopGroup loops, LinkAcceptor acceptor) throws IOException {
            seen.add(e);
            Listener inner = mem.listen(Endpoint.of("mem", e.address()), loops, acceptor);
            return new Listener() {
                @Override
                public Endpoint endpoint() {
                    return e;
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }
}
