package dev.strand.protocol.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.http.cli.FetchCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code strand fetch} end to end over h1 and the loopback transport. */
class FetchCommandOverH1Test {

    @Test
    void fetchPrintsEachRequestWithItsConnectionAndASummary() throws Exception {
        try (FaultServer server = new FaultServer((r, c) -> c.send(FaultServer.ok("x".repeat(r.target().length()))))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = FetchCommand.run(new String[] {"http://origin.test/a", "http://origin.test/bb", "-n", "6", "-c", "3"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    Clients.to(server.name));

            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, rc, text + err);
            List<String> lines = text.lines().toList();
            assertEquals(9, lines.size(), text);
            assertTrue(lines.stream().anyMatch(l -> l.matches("#1 http://origin.test/a -> 200, 2 bytes, connection #1 \\(h1\\)")), text);
            assertTrue(lines.stream().anyMatch(l -> l.matches("#6 http://origin.test/bb -> 200, 3 bytes, connection #1 \\(h1, reused\\)")), text);
            assertTrue(text.contains("requests: 6 (ok 6, failed 0), bytes: 15"), text);
            assertTrue(text.contains("connections opened: 1, reused: 5, re-dispatched: 0"), text);
            assertTrue(text.matches("(?s).*req/s: [0-9.]+\\s*"), text);
            assertEquals(6, server.requestsSnapshot().size());
        }
    }

    @Test
    void fetchReportsFailuresAndExitsWithOne() throws Exception {
        try (FaultServer server = new FaultServer((r, c) -> c.send("garbage\r\n\r\n"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = FetchCommand.run(new String[] {"http://origin.test/"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err, Clients.to(server.name));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, rc, text);
            assertTrue(text.contains("#1 http://origin.test/ -> failed: dev.strand.http.MalformedMessageException: malformed status line"), text);
        }
    }
}
