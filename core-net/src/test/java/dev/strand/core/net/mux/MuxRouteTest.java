package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.NoSuchTransportException;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.testing.SingleLinkTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one rule for putting the mux between many links and an endpoint that carries one: a
 * single-link transport's endpoint is carried as {@code mux+SCHEME:...} with the same parameters,
 * a {@code mux+} endpoint as written, anything else gets a link per connect. Both ends of a real
 * single-link transport follow it and meet on one link.
 */
class MuxRouteTest {

    private final SingleLinkTransport line = new SingleLinkTransport();
    private final LoopbackTransport mem = new LoopbackTransport();

    @Test
    void aSingleLinkEndpointIsCarriedOverTheMuxAsIfWrittenMuxPlus() {
        try (MuxRoute r = MuxRoute.of(Endpoint.parse("line:wire?ping=2s&grace=500ms"), line)) {
            assertEquals(Endpoint.parse("mux+line:wire?ping=2s&grace=500ms"), r.endpoint());
            assertTrue(r.overMux());
            assertSame(line, r.carrier());
            assertSame(r.ownMux().orElseThrow(), r.transport(), "the route owns the mux it runs");
        }
    }

    @Test
    void aMuxEndpointIsCarriedAsWrittenByTheTransportGivenForIt() {
        MuxTransport callers = new MuxTransport(Providers.empty());
        try (MuxRoute r = MuxRoute.of(Endpoint.parse("mux+tcp:127.0.0.1:7681"), callers)) {
            assertEquals(Endpoint.parse("mux+tcp:127.0.0.1:7681"), r.endpoint());
            assertTrue(r.overMux());
            assertSame(callers, r.transport());
            assertEquals(Optional.empty(), r.ownMux(), "the caller owns the mux it gave");
        }
    }

    @Test
    void anEndpointWhoseTransportMakesALinkPerConnectIsLeftAlone() {
        MuxRoute r = MuxRoute.of(Endpoint.parse("mem:x"), mem);
        assertEquals(Endpoint.parse("mem:x"), r.endpoint());
        assertFalse(r.overMux());
        assertSame(mem, r.transport());
        assertFalse(MuxRoute.needsMux(Endpoint.parse("mem:x"), mem));
        assertTrue(MuxRoute.needsMux(Endpoint.parse("line:x"), line));
        assertFalse(MuxRoute.needsMux(Endpoint.parse("mux+line:x"), line), "already over the mux");
    }

    @Test
    void fromARegistryTheRouteFindsTheTransportUnderTheMuxAndRunsItsOwnMux() {
        Providers providers = Providers.empty();
        providers.addTransport(mem);
        providers.addTransport(line);
        MuxRoute overLine = MuxRoute.of(Endpoint.parse("line:a"), providers);
        assertEquals(Endpoint.parse("mux+line:a"), overLine.endpoint());
        assertSame(line, overLine.carrier());
        assertTrue(overLine.ownMux().isPresent());
        MuxRoute overMem = MuxRoute.of(Endpoint.parse("mux+mem:b?ping=1s"), providers);
        assertEquals(Endpoint.parse("mux+mem:b?ping=1s"), overMem.endpoint());
        assertSame(mem, overMem.carrier(), "no mux provider needed in the registry: the route brings its own");
        assertTrue(overMem.ownMux().isPresent());
        MuxRoute plain = MuxRoute.of(Endpoint.parse("mem:c"), providers);
        assertFalse(plain.overMux());
        assertThrows(NoSuchTransportException.class, () -> MuxRoute.of(Endpoint.parse("uart:/dev/ttyS9"), providers));
        assertThrows(NoSuchTransportException.class, () -> MuxRoute.of(Endpoint.parse("mux+uart:/dev/ttyS9"), providers));
    }

    @Test
    void bothEndsOfASingleLinkEndpointMeetOnOneLinkAndClosingARouteReleasesIt() throws Exception {
        ManualLoop loop = new ManualLoop();
        Endpoint endpoint = Endpoint.parse("line:route-" + System.nanoTime() + "?ping=1s&grace=1s");
        List<ChannelProbe> accepted = new ArrayList<>();
        MuxRoute server = MuxRoute.of(endpoint, line);
        MuxRoute client = MuxRoute.of(endpoint, line);
        try (Listener l = server.transport().listen(server.endpoint(), loop, link -> {
            ChannelProbe p = new ChannelProbe();
            accepted.add(p);
            return p;
        })) {
            List<ChannelProbe> channels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ChannelProbe p = new ChannelProbe();
                channels.add(p);
                client.transport().connect(client.endpoint(), ConnectOptions.DEFAULT, loop, p);
            }
            settle(loop);
            assertEquals(1, line.connects.get(), "one underlying link for every channel");
            assertEquals(1, line.acceptedLinks.size());
            assertEquals(3, accepted.size());
            MuxSession session = channels.get(0).channel().session();
            assertEquals(Duration.ofSeconds(1), session.settings().pingInterval(), "mux settings from the endpoint");
            channels.get(2).write(new byte[] {1, 2, 3});
            settle(loop);
            int index = channels.get(2).channel().index();
            ChannelProbe far = accepted.stream().filter(p -> p.channel().index() == index).findFirst().orElseThrow();
            assertArrayEquals(new byte[] {1, 2, 3}, far.take());

            client.close();
            settle(loop);
            for (ChannelProbe p : channels) {
                assertInstanceOf(MuxLinkDownException.class, p.closeCause());
            }
            assertFalse(line.clientLinks.get(0).isOpen(), "the client's link is closed with its route");
            assertFalse(line.acceptedLinks.get(0).isOpen());
        } finally {
            server.close();
            settle(loop);
        }
    }

    private static void settle(ManualLoop loop) {
        for (int i = 0; i < 5; i++) {
            loop.advance(Duration.ZERO);
        }
    }
}
