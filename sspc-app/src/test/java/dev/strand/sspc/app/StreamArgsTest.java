package dev.strand.sspc.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the command line of one stdio stream reads. */
class StreamArgsTest {

    @Test
    void aSerialProxyWithMuxSettingsAndEveryFlag() {
        StreamArgs a = StreamArgs.parse(List.of("echo", "--proxy", "uart:/dev/ttyUSB1?baud=115200&ping=2s", "--connect",
                "--timeout-ms", "0", "--metadata", "xtag=a=b", "--stats"), null);
        assertEquals("echo", a.streamType());
        assertEquals(Endpoint.parse("uart:/dev/ttyUSB1?baud=115200&ping=2s"), a.proxy());
        assertTrue(a.connect());
        assertEquals(0, a.timeoutMs());
        assertArrayEquals("a=b".getBytes(StandardCharsets.UTF_8), a.metadata().get("xtag"));
        assertTrue(a.stats());
    }

    @Test
    void theDefaultProxyAppliesWhenGivenAndTheTimeoutDefaultsToOneSecond() {
        StreamArgs a = StreamArgs.parse(List.of("echo"), Endpoint.parse("@proxy.ss.lws"));
        assertEquals(Endpoint.parse("@proxy.ss.lws"), a.proxy());
        assertEquals(1000, a.timeoutMs());
        assertFalse(a.connect() || a.stats());
    }

    @Test
    void mistakesAreNamed() {
        assertMessage("needs a STREAMTYPE", List.of());
        assertMessage("needs a STREAMTYPE", List.of("--proxy", "uart:/dev/x"));
        assertMessage("needs --proxy", List.of("echo"));
        assertMessage("--timeout-ms takes a whole number", List.of("echo", "--proxy", "@p", "--timeout-ms", "soon"));
        assertMessage("must not be negative", List.of("echo", "--proxy", "@p", "--timeout-ms", "-1"));
        assertMessage("name=value", List.of("echo", "--proxy", "@p", "--metadata", "novalue"));
        assertMessage("unknown argument '--fast'", List.of("echo", "--proxy", "@p", "--fast"));
        assertMessage("--proxy needs a value", List.of("echo", "--proxy"));
    }

    private static void assertMessage(String part, List<String> args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamArgs.parse(args, null));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
