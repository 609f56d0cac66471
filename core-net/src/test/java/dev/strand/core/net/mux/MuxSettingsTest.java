package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MuxSettingsTest {

    @Test
    void theDefaultsAreLwssValues() {
        MuxSettings d = MuxSettings.DEFAULT;
        assertEquals(Duration.ofSeconds(10), d.pingInterval());
        assertEquals(Duration.ofSeconds(2), d.pongGrace());
        assertEquals(Duration.ofSeconds(2), d.retryAfterDown());
        assertEquals(253, d.maxChannels());
    }

    @Test
    void endpointParametersOverrideTheDefaults() {
        MuxSettings s = MuxSettings.DEFAULT.with(Endpoint.parse(
                "mux+uart:/dev/ttyUSB0?baud=115200&ping=1m&grace=500ms&retry=3s&channels=256&frame=65535&hwm=10&rxlimit=20"));
        assertEquals(new MuxSettings(Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(3), 256, 65535,
                10, 20), s);
    }

    @Test
    void theInnerEndpointKeepsOnlyItsOwnParameters() {
        Endpoint e = Endpoint.parse("mux+uart:/dev/ttyUSB0?baud=115200&ping=1s&flow=rtscts&channels=9");
        assertEquals(Endpoint.parse("uart:/dev/ttyUSB0?baud=115200&flow=rtscts"), MuxSettings.stripParameters(e.inner()));
    }

    @Test
    void badValuesAreRefusedNamingTheParameter() {
        for (String bad : new String[] {"ping=10", "grace=-1s", "channels=0", "channels=257", "frame=65536",
                "retry=soon", "hwm=x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MuxSettings.DEFAULT.with(Endpoint.parse("mux+mem:x?" + bad)), bad);
            String param = bad.substring(0, bad.indexOf('='));
            assertTrue(e.getMessage().contains(param), bad + " -> " + e.getMessage());
        }
    }
}
