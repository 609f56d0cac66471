package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.strand.distribution.container.ContainerOutput;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * {@code SsProxyClient}) as a separate process, onward to a real TCP echo server, or over h1 to a
 * real HTTP server (the JDK's).
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
        int port = FreePort.pick();
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

    /**
     * What the example transport is for: a secure stream reaches its proxy through a command's
     * stdin and stdout (here socat to the proxy's port; in the field, say,
     * {@code exec:ssh gateway socat - ABSTRACT-CONNECT:proxy.ss.lws}), with the example's jar,
     * unchanged, on the module path.
     */
    @Test
    void strandSsReachesTheProxyThroughACommandWithTheExampleExecTransport() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        int port = FreePort.pick();
        try (EchoServer origin = new EchoServer();
             ChildProcess proxy = ChildProcess.start(List.of("sh", home.resolve("bin/strand").toString(), "proxy",
                     "--listen", "tcp:" + port, "--policy", policyFor(origin.port()).toString()), Map.of())) {
            proxy.awaitLine(0, l -> l.contains(LISTENING + "tcp:127.0.0.1:" + port), START, "saying it listens");
            Launch.Result ss = Launch.run(List.of("sh", home.resolve("bin/strand").toString(), "ss", "echo",
                    "--proxy", "exec:socat - TCP:127.0.0.1:" + port, "--timeout-ms", "300"),
                    Map.of("STRAND_MODULE_PATH", Reactor.exampleJar().toString()), MESSAGE, RUN, work);
            assertEquals(0, ss.exitStatus(), ss.toString());
            assertEquals(MESSAGE, ss.stdout(), ss.toString());
            assertTrue(ss.stderr().contains("CONNECTED (5)") && ss.stderr().contains("TIMEOUT (14)"), ss.toString());
            assertEquals(143, proxy.terminate(START), proxy.output());
        }
    }

    /**
     * {@code strand ss mintest} through {@code strand proxy} serving the default policy (its
     * mintest pointed at this run's origin instead of port 18080): the request carries the
     * client's metadata as a header and in the URL, the answer comes back on stdout, and the run
     * ends with the transaction.
     */
    @Test
    void strandSsMintestGetsItsAnswerThroughStrandProxyFromALocalHttpOrigin() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        int port = FreePort.pick();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " x-upload-tag="
                    + exchange.getRequestHeaders().getFirst("x-upload-tag"));
            byte[] body = ("interop-ok " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Server", "itest-origin/1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        try {
            Path policy = Files.createTempFile(work, "default-policy", ".json");
            String json = Files.readString(Reactor.defaultPolicy());
            assertTrue(json.contains("\"port\": 18080"), "the default policy's HTTP origin port");
            Files.writeString(policy, json.replace("\"port\": 18080", "\"port\": " + origin.getAddress().getPort()));
            try (ChildProcess proxy = ChildProcess.start(List.of("sh", home.resolve("bin/strand").toString(), "proxy",
                    "--listen", "tcp:" + port, "--policy", policy.toString()), Map.of())) {
                proxy.awaitLine(0, l -> l.contains(LISTENING + "tcp:127.0.0.1:" + port), START, "saying it listens");
                Launch.Result ss = Launch.run(List.of("sh", home.resolve("bin/strand").toString(), "ss", "mintest",
                        "--proxy", "127.0.0.1:" + port, "--connect", "--metadata", "uptag=itest"), Map.of(), "", RUN, work);
                assertEquals(0, ss.exitStatus(), ss.toString());
                assertEquals("interop-ok GET /index.html?uptag=itest\n", ss.stdout(), ss.toString());
                for (String state : List.of("CONNECTING (6)", "CONNECTED (5)", "QOS_ACK_REMOTE (10)", "DISCONNECTED (2)")) {
                    assertTrue(ss.stderr().contains(state), state + " in " + ss);
                }
                assertEquals(List.of("GET /index.html?uptag=itest x-upload-tag=itest"), seen);
                assertEquals(143, proxy.terminate(START), proxy.output());
            }
        } finally {
            origin.stop(0);
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
