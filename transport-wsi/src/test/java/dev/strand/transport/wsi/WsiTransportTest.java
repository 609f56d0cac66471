package dev.strand.transport.wsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The provider itself: discovery, the endpoints it serves, and how listeners bind. */
class WsiTransportTest {

    private final WsiTransport transport = new WsiTransport(WsiSettings.defaults());

    @Test
    void isDiscoveredAsTheWsiTransportForUnixAndTcp() {
        getClass().getModule().addUses(TransportOps.class);
        List<TransportOps> found = ServiceLoader.load(TransportOps.class).stream()
                .map(ServiceLoader.Provider::get).filter(t -> t.name().equals("wsi")).toList();
        assertEquals(1, found.size());
        assertEquals(Set.of("unix", "tcp"), found.get(0).schemes());
        assertEquals(WsiSettings.fromSystemProperties(), ((WsiTransport) found.get(0)).settings());
    }

    @Test
    void endpointsOfOtherSchemesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> transport.connect(Endpoint.parse("mem:x"),
                ConnectOptions.DEFAULT, TestLoops.foreign().next(), Probe.recorder()));
        assertThrows(IllegalArgumentException.class, () -> transport.listen(Endpoint.parse("uart:/dev/ttyS0"),
                TestLoops.foreign(), l -> Probe.echo()));
    }

    @Test
    void aUnixNameLongerThanSunPathIsRefused() {
        String name = "n".repeat(108);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> transport.connect(
                Endpoint.parse("unix:@" + name), ConnectOptions.DEFAULT, TestLoops.foreign().next(), Probe.recorder()));
        assertTrue(e.getMessage().contains("at most 107 bytes"), e.getMessage());
    }

    @Test
    void aTcpListenerBindsTheHostItIsGivenAndReportsTheActualPort() throws Exception {
        try (Listener loopback = transport.listen(Endpoint.parse("tcp:127.0.0.1:0"), TestLoops.foreign(), l -> Probe.echo());
             Listener ipv6 = transport.listen(Endpoint.parse("tcp:[::1]:0"), TestLoops.foreign(), l -> Probe.echo());
             Listener all = transport.listen(Endpoint.parse("tcp:0.0.0.0:0"), TestLoops.foreign(), l -> Probe.echo())) {
            assertEquals("127.0.0.1", loopback.endpoint().host());
            assertNotEquals(0, loopback.endpoint().port());
            assertEquals("tcp:[::1]:" + ipv6.endpoint().port(), ipv6.endpoint().toString());
            assertEquals("0.0.0.0", all.endpoint().host());
            Probe client = Probe.recorder();
            transport.connect(ipv6.endpoint(), ConnectOptions.DEFAULT, TestLoops.foreign().next(), client);
            client.awaitOpen();
        }
    }

    @Test
    void aSecondListenerOnATakenAddressFailsNamingIt() throws Exception {
        Endpoint abstractName = Endpoint.parse("unix:@strand-taken-" + UUID.randomUUID());
        try (Listener first = transport.listen(abstractName, TestLoops.foreign(), l -> Probe.echo());
             Listener tcp = transport.listen(Endpoint.parse("tcp:127.0.0.1:0"), TestLoops.foreign(), l -> Probe.echo())) {
            IOException e = assertThrows(IOException.class,
                    () -> transport.listen(abstractName, TestLoops.foreign(), l -> Probe.echo()));
            assertTrue(e.getMessage().startsWith("cannot listen on " + abstractName), e.getMessage());
            IOException t = assertThrows(IOException.class,
                    () -> transport.listen(tcp.endpoint(), TestLoops.foreign(), l -> Probe.echo()));
            assertTrue(t.getMessage().startsWith("cannot listen on " + tcp.endpoint()), t.getMessage());
        }
    }
}
