package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.distribution.container.ContainerOutput;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SS proxy as people run it: started by the container from {@code conf/strand.properties}, or
 * by {@code strand proxy} with flags, and reached by {@code strand ss} (the module-path
 * {@code SsProxyClient}) as a separate process, onward to a real TCP echo server.
 */
class ProxyLaunchTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final String LISTENING = "SS proxy listening on ";
    private static final String MESSAGE = "hello through the proxy\n";

    @TempDir
    Path work;

    @Test
    void theContainerStartsTheProxyThatConfSaysAndStrandSsEchoesThroughIt() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        String endpoint = "@strand-itest-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (EchoServer origin = new EchoServer()) {
            Path policy = policyFor(origin.port());
            Path conf = home.resolve("conf/strand.properties");
            Files.writeString(conf, Files.readString(conf)
                    .replace("strand.proxy.listen=@proxy.ss.lws", "strand.proxy.listen=" + endpoint)
                    .replace("strand.proxy.policy=\n", "strand.proxy.policy=" + policy + "\n"));
            try (ChildProcess container = ChildProcess.start(List.of("sh", home.resolve("bin/strand").toString()), Map.of())) {
                container.awaitLine(0, l -> l.contains(LISTENING + "unix:" + endpoint), START, "saying the proxy listens");
                Launch.Result ss = ss(home, "echo", "--proxy", endpoint, "--timeout-ms", "300");
                assertEquals(0, ss.exitStatus(), ss.toString());
                assertEquals(MESSAGE, ss.stdout(), ss.toString());
                assertTrue(ss.stderr().contains("CONNECTED (5)") && ss.stderr().contains("TIMEOUT (14)"), ss.toString());
                container.terminate(START);
            }
        }
    }

    @Test
    void strandProxyListensAsItsFlagsSayAndRefusesAnUnknownStreamtype() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EchoServer origin = new EchoServer();
             ChildProcess proxy = ChildProcess.start(List.of("sh", home.resolve("bin/strand").toString(), "proxy",
                     "--listen", "tcp:" + port, "--policy", policyFor(origin.port()).toString()), Map.of())) {
            proxy.awaitLine(0, l -> l.contains(LISTENING + "tcp:127.0.0.1:" + port), START, "saying it listens on 127.0.0.1");
            Launch.Result ss = ss(home, "echo", "--proxy", "127.0.0.1:" + port);
            assertEquals(0, ss.exitStatus(), ss.toString());
            assertEquals(MESSAGE, ss.stdout(), ss.toString());

            Launch.Result refused = ss(home, "nosuch", "--proxy", "127.0.0.1:" + port);
            assertEquals(1, refused.exitStatus(), refused.toString());
            assertTrue(refused.stderr().contains("refused streamtype 'nosuch'"), refused.toString());
            assertEquals(143, proxy.terminate(START), proxy.output());
        }
    }

    @Test
    void strandProxyWithAPolicyThatCannotBeReadSaysSoAndExits() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        Launch.Result r = Launch.run(List.of("sh", home.resolve("bin/strand").toString(), "proxy", "--listen",
                "@strand-itest-bad-" + System.nanoTime(), "--policy", work.resolve("missing.json").toString()), Map.of(), "",
                START, work);
        assertEquals(1, r.exitStatus(), r.toString());
        assertTrue(r.stdout().contains(ContainerOutput.FAILED + "the SS proxy did not start"), r.toString());
        assertTrue((r.stdout() + r.stderr()).contains("missing.json"), r.toString());
    }

    @Test
    void strandSsSaysWhenNoProxyCanBeReached() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        Launch.Result r = ss(home, "echo", "--proxy", "@strand-itest-nobody-" + System.nanoTime());
        assertEquals(1, r.exitStatus(), r.toString());
        assertTrue(r.stderr().contains("cannot reach the proxy at unix:@strand-itest-nobody-"), r.toString());
    }

    private Launch.Result ss(Path home, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", home.resolve("bin/strand").toString(), "ss"));
        command.addAll(List.of(args));
        return Launch.run(command, Map.of(), MESSAGE, RUN, work);
    }

    private Path policyFor(int originPort) throws Exception {
        Path p = Files.createTempFile(work, "policy", ".json");
        Files.writeString(p, "{ \"retry\": [ { \"quick\": { \"backoff\": [100], \"conceal\": 2 } } ], \"s\": [ { \"echo\": {"
                + " \"endpoint\": \"127.0.0.1\", \"port\": " + originPort + ", \"protocol\": \"raw\", \"retry\": \"quick\" } } ] }");
        return p;
    }
}
