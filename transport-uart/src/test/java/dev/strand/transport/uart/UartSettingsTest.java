package dev.strand.transport.uart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UartSettingsTest {

    @Test
    void deviceBaudAndFlowComeFromTheEndpoint() {
        assertEquals(new UartSettings("/dev/ttyUSB0", 2_000_000, true, Duration.ofSeconds(2)),
                UartSettings.of(Endpoint.parse("uart:/dev/ttyUSB0?baud=2000000&flow=rtscts&poll=2s")));
        assertEquals(new UartSettings("/dev/ttyS1", 115_200, false, Duration.ofMillis(500)),
                UartSettings.of(Endpoint.parse("uart:/dev/ttyS1")));
    }

    @Test
    void theHighWaterMarkIsAbout100MsOfLineTime() {
        assertEquals(4096, UartSettings.of(Endpoint.parse("uart:/dev/x?baud=115200")).highWater());
        assertEquals(20_000, UartSettings.of(Endpoint.parse("uart:/dev/x?baud=2000000")).highWater());
    }

    @Test
    void badParametersAreRefusedNamingWhatIsWrong() {
        for (String bad : new String[] {"baud=fast", "baud=0", "flow=xonxoff", "poll=never", "parity=even"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UartSettings.of(Endpoint.parse("uart:/dev/ttyUSB0?" + bad)), bad);
            String param = bad.substring(0, bad.indexOf('='));
            assertTrue(e.getMessage().contains(param), bad + " -> " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> UartSettings.of(Endpoint.parse("tcp:127.0.0.1:1")));
    }
}
