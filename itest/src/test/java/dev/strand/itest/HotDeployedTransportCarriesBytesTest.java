package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transport dropped into the running container's {@code deploy/} carries bytes: {@code strand
 * proxy} serves a raw streamtype whose onward connection is {@code exec:cat} (the policy extension
 * {@code strand_transport_endpoint}), and {@code strand ss} streams through it as a separate
 * process. Without the example's jar the onward connect fails; with it, what goes in comes back
 * from {@code cat} byte for byte; once the jar is deleted it fails again.
 */
class HotDeployedTransportCarriesBytesTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration DEPLOY = Duration.ofSeconds(20);
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final String MESSAGE = "through cat and back: 0123456789 {\"k\": [1, 2]} ~!@#$%^&*()\n";

    @TempDir
    Path work;

    @Test
    void aStreamReachesExecCatOnlyWhileTheExampleJarIsInDeploy() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        Path deployed = home.resolve("deploy/exec-transport.jar");
        Path policy = work.resolve("viaexec-policy.json");
        Files.writeString(policy, "{ \"s\": [ { \"viaexec\": { \"protocol\": \"raw\","
                + " \"strand_transport_endpoint\": \"exec:cat\" } } ] }");
        String proxyAt = "@strand-itest-viaexec-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

        try (ChildProcess proxy = ChildProcess.start(List.of("sh", home.resolve("bin/strand").toString(), "proxy",
                "--policy", policy.toString(), "--listen", proxyAt), Map.of())) {
            int listening = proxy.awaitLine(0, l -> l.contains("SS proxy listening on unix:" + proxyAt), START,
                    "saying the proxy listens");
            assertFalse(proxy.output().contains("UNKNOWN_KEY"), "the extension is a known key:\n" + proxy.output());

            assertCannotConnectOnward(home, proxyAt, "before the jar is deployed");

            Files.copy(Reactor.exampleJar(), deployed);
            int added = proxy.awaitLine(listening, l -> l.contains("transport added: exec [exec]"), DEPLOY,
                    "logging the exec transport's arrival");
            Launch.Result through = ss(home, proxyAt);
            assertEquals(0, through.exitStatus(), through.toString());
            assertEquals(MESSAGE, through.stdout(), "cat echoes byte for byte: " + through);
            assertTrue(through.stderr().contains("CONNECTED (5)"), through.toString());

            Files.delete(deployed);
            proxy.awaitLine(added, l -> l.contains("transport removed: exec [exec]"), DEPLOY,
                    "logging the exec transport's departure");
            assertCannotConnectOnward(home, proxyAt, "after the jar is deleted");

            assertEquals(143, proxy.terminate(START), proxy.output());
        }
    }

    private void assertCannotConnectOnward(Path home, String proxyAt, String when) throws Exception {
        Launch.Result refused = ss(home, proxyAt);
        assertEquals(1, refused.exitStatus(), when + ": " + refused);
        assertTrue(refused.stderr().contains("ALL_RETRIES_FAILED"), when + ": " + refused);
        assertFalse(refused.stderr().contains("CONNECTED (5)"), when + ": " + refused);
        assertEquals("", refused.stdout(), when + ": " + refused);
    }

    private Launch.Result ss(Path home, String proxyAt) throws Exception {
        return Launch.run(List.of("sh", home.resolve("bin/strand").toString(), "ss", "viaexec", "--proxy", proxyAt,
                "--timeout-ms", "300"), Map.of(), MESSAGE, RUN, work);
    }
}
