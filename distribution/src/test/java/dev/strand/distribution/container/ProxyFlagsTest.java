package dev.strand.distribution.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code strand proxy}'s flags become the properties the secure-streams bundle reads. */
class ProxyFlagsTest {

    @Test
    void noFlagsRequireTheProxyAsConfSaysIt() {
        assertEquals(Map.of("strand.proxy.enabled", "true", "strand.proxy.required", "true"), ProxyFlags.properties(List.of()));
    }

    @Test
    void listenRepeatsAndThePolicyPathBecomesAbsolute() {
        Map<String, String> p = ProxyFlags.properties(List.of("--listen", "tcp:7681", "--policy", "p.json", "--listen", "@x"));
        assertEquals("tcp:7681,@x", p.get("strand.proxy.listen"));
        assertEquals(Path.of("p.json").toAbsolutePath().toString(), p.get("strand.proxy.policy"));
    }

    @Test
    void wrongFlagsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxyFlags.properties(List.of("--listen")))
                .getMessage().contains("--listen needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxyFlags.properties(List.of("--port", "1")))
                .getMessage().contains("unknown argument '--port'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxyFlags.properties(List.of("--listen", "@a,@b")))
                .getMessage().contains("repeat the flag"));
    }
}
