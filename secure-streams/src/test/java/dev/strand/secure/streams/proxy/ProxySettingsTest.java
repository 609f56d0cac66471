package dev.strand.secure.streams.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the container's {@code strand.proxy.*} properties read. */
class ProxySettingsTest {

    @Test
    void byDefaultTheProxyRunsOnLwsAbstractSocketWithTheEmbeddedPolicy() {
        ProxySettings s = ProxySettings.from(k -> null);
        assertTrue(s.enabled());
        assertEquals(List.of(Endpoint.parse("@proxy.ss.lws")), s.endpoints());
        assertEquals(Optional.empty(), s.policy());
    }

    @Test
    void aPortAloneListensOnLoopback() {
        assertEquals(Endpoint.parse("tcp:127.0.0.1:7681"), ProxySettings.listenEndpoint("tcp:7681"));
        assertEquals(Endpoint.parse("tcp:127.0.0.1:7681"), ProxySettings.listenEndpoint(":7681"));
        assertEquals(Endpoint.parse("tcp:0.0.0.0:7681"), ProxySettings.listenEndpoint("0.0.0.0:7681"));
        assertEquals(Endpoint.parse("unix:/run/ss.sock"), ProxySettings.listenEndpoint("/run/ss.sock"));
        assertEquals(Endpoint.parse("mux+tcp:127.0.0.1:7681"), ProxySettings.listenEndpoint("mux+tcp:7681"));
        assertEquals(Endpoint.parse("mux+tcp:0.0.0.0:7681"), ProxySettings.listenEndpoint("mux+tcp:0.0.0.0:7681"));
        assertEquals(Endpoint.parse("uart:/dev/ttyUSB0?baud=115200"),
                ProxySettings.listenEndpoint("uart:/dev/ttyUSB0?baud=115200"));
    }

    @Test
    void severalEndpointsAPolicyFileAndOff() {
        ProxySettings s = ProxySettings.from(Map.of(ProxySettings.LISTEN, "@a, tcp:7681", ProxySettings.POLICY, "/etc/p.json",
                ProxySettings.ENABLED, "false")::get);
        assertFalse(s.enabled());
        assertEquals(List.of(Endpoint.parse("@a"), Endpoint.parse("tcp:127.0.0.1:7681")), s.endpoints());
        assertEquals(Optional.of(Path.of("/etc/p.json")), s.policy());
    }

    @Test
    void aBadValueNamesItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.from(Map.of(ProxySettings.LISTEN, "nonsense")::get));
        assertTrue(e.getMessage().startsWith(ProxySettings.LISTEN + ": "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProxySettings.from(Map.of(ProxySettings.ENABLED, "yes")::get));
        assertTrue(e.getMessage().contains(ProxySettings.ENABLED), e.getMessage());
    }
}
