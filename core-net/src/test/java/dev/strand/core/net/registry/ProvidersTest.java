package dev.strand.core.net.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoopGroup;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    @Test
    void outsideOsgiTheSharedRegistryComesFromServiceLoader() {
        getClass().getModule().addUses(TransportOps.class);
        assertTrue(Providers.shared().transport("loopback").isPresent(),
                "loopback is provided by core-net's module-info and META-INF/services");
    }

    @Test
    void aLayeredEndpointIsServedByItsOuterScheme() {
        Providers p = Providers.empty();
        p.addTransport(new LoopbackTransport());
        assertEquals("loopback", p.transportFor(Endpoint.parse("mem:x")).name());
        NoSuchTransportException e = assertThrows(NoSuchTransportException.class,
                () -> p.transportFor(Endpoint.parse("mux+tcp:127.0.0.1:1")));
        assertTrue(e.getMessage().contains("'mux:'"), e.getMessage());
        assertTrue(e.getMessage().contains("[mem]"), e.getMessage());
    }

    @Test
    void listenersHearWhatIsPresentAndWhatChanges() throws Exception {
        Providers p = Providers.empty();
        LoopbackTransport loopback = new LoopbackTransport();
        p.addTransport(loopback);
        List<String> heard = new ArrayList<>();
        try (AutoCloseable sub = p.subscribe(new ProvidersListener() {
            @Override
            public void transportAdded(TransportOps t) {
                heard.add("+" + t.name());
            }

            @Override
            public void transportRemoved(TransportOps t) {
                heard.add("-" + t.name());
            }
        })) {
            p.removeTransport(loopback);
        }
        assertEquals(List.of("+loopback", "-loopback"), heard);
    }

    @Test
    void thePreferredLoopsAreTheFirstGroupOfferedUntilItLeaves() {
        Providers p = Providers.empty();
        assertEquals(Optional.empty(), p.preferredLoops());
        try (EventLoopGroup first = new EventLoopGroup("first", 1); EventLoopGroup second = new EventLoopGroup("second", 1)) {
            p.addLoopGroup(first);
            p.addLoopGroup(second);
            p.addLoopGroup(first);
            assertEquals(Optional.of(first), p.preferredLoops());
            p.removeLoopGroup(first);
            assertEquals(Optional.of(second), p.preferredLoops());
            p.removeLoopGroup(second);
            assertEquals(Optional.empty(), p.preferredLoops());
        }
    }
}
