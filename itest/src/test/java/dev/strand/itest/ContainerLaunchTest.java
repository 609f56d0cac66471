package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.distribution.container.ContainerOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/strand} launched for real, as a child process, on a copy of the distribution folder:
 * it comes up, says what it found, takes a transport dropped into {@code deploy/} and lets it go
 * again, stops cleanly on SIGTERM, and starts again over the same (now warm) bundle cache.
 */
class ContainerLaunchTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration DEPLOY = Duration.ofSeconds(20);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path work;

    @Test
    void comesUpTakesAHotDeployedTransportLetsItGoAndStopsCleanlyTwice() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        Path deployed = home.resolve("deploy/exec-transport.jar");

        try (ChildProcess strand = container(home)) {
            int ready = strand.awaitLine(0, l -> l.startsWith(ContainerOutput.READY), START, "saying it is ready");
            long readyMs = strand.millisSinceStart();
            assertFalse(strand.line(ready).contains(" of "), "not every bundle is active: " + strand.line(ready));
            strand.awaitLine(0, l -> l.startsWith(ContainerOutput.PREFIX + "installed ")
                    && l.endsWith(" bundles into an empty bundle cache"), START, "saying the cache was filled");
            int transports = strand.awaitLine(ready, l -> l.startsWith(ContainerOutput.TRANSPORTS), START, "listing transports");
            String listed = strand.line(transports);
            assertTrue(listed.contains("loopback (mem:)") && listed.contains("wsi (tcp: unix:)")
                    && !listed.contains("exec"), "the shipped transports, and no exec yet: " + listed);
            strand.awaitLine(ready, l -> l.startsWith(ContainerOutput.PROTOCOLS), START, "listing protocols");
            report("cold cache", readyMs, strand.line(ready));

            Launch.Result second = Launch.run(List.of("sh", home.resolve("bin/strand").toString()), Map.of(), "",
                    START, work);
            assertEquals(1, second.exitStatus(), "a second container on the same cache: " + second);
            assertTrue(second.stdout().contains(ContainerOutput.FAILED) && second.stdout().contains("lock"),
                    "a second container on the same cache says why it cannot start: " + second);

            Files.copy(Reactor.exampleJar(), deployed);
            int added = strand.awaitLine(transports, l -> l.contains("transport added: exec [exec]"), DEPLOY,
                    "logging the exec transport's arrival");
            strand.awaitLine(added, l -> l.startsWith(ContainerOutput.TRANSPORTS) && l.contains("exec (exec:)"), DEPLOY,
                    "listing exec among the transports");

            Files.delete(deployed);
            int removed = strand.awaitLine(added, l -> l.contains("transport removed: exec [exec]"), DEPLOY,
                    "logging the exec transport's departure");
            strand.awaitLine(removed, l -> l.equals(listed), DEPLOY,
                    "listing the shipped transports alone again");

            assertEquals(SIGTERM_EXIT, strand.terminate(STOP), strand.output());
            strand.awaitLine(removed, l -> l.startsWith(ContainerOutput.STOPPED), STOP, "saying it stopped");
        }

        try (ChildProcess again = container(home)) {
            int ready = again.awaitLine(0, l -> l.startsWith(ContainerOutput.READY), START, "saying it is ready");
            long readyMs = again.millisSinceStart();
            assertFalse(again.line(ready).contains(" of "), again.line(ready));
            again.awaitLine(0, l -> l.equals(ContainerOutput.PREFIX + "bundle cache reused"), START,
                    "saying the warm cache was reused as it was");
            report("warm cache", readyMs, again.line(ready));
            assertEquals(SIGTERM_EXIT, again.terminate(STOP), again.output());
            assertTrue(again.output().contains(ContainerOutput.STOPPED), again.output());
        }
    }

    @Test
    void echoDemoRunsAProxyAnOriginAndAClientStreamEndToEndAndStopsThem() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        Launch.Result demo = Launch.run(List.of("sh", home.resolve("bin/strand").toString(), "demo", "echo"), Map.of(), "",
                Duration.ofSeconds(120), work);
        assertEquals(0, demo.exitStatus(), demo.toString());
        for (int step = 1; step <= 5; step++) {
            assertTrue(demo.stdout().contains("[" + step + "/5]"), demo.toString());
        }
        for (String state : List.of("CREATING (1)", "CONNECTING (6)", "CONNECTED (5)", "DISCONNECTED (2)", "DESTROYING (7)")) {
            assertTrue(demo.stdout().contains(state), state + " in " + demo);
        }
        assertTrue(demo.stdout().contains("all back byte for byte"), demo.toString());
        assertTrue(demo.stdout().contains(ContainerOutput.STOPPED), demo.toString());
        assertFalse(Files.exists(home.resolve("cache")), "the demo uses a bundle cache of its own");
    }

    private static ChildProcess container(Path home) throws Exception {
        return ChildProcess.start(List.of("sh", home.resolve("bin/strand").toString()), Map.of());
    }

    private static void report(String what, long launcherMs, String readyLine) {
        System.out.println("[timing] bin/strand " + what + ": ready line seen " + launcherMs
                + " ms after launch; it says: " + readyLine);
    }
}
