package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.testing.SocatPair;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSPC-only profile ({@code distribution/target/sspc} on the module path and
 * {@code distribution/target/sspc-image}, a jlink image): exactly api, core-net, transport-uart,
 * the sspc-app launcher and the logging binding, with no Netty, no Jackson and no proxy; and, run
 * for real, a secure stream through the container's SS proxy over a socat pty pair. The same proxy
 * also serves {@code strand ss} over the pty and over {@code mux+tcp:}.
 */
class SspcProfileTest {

    private static final Set<String> SSPC_MODULES = Set.of("dev.strand.api", "dev.strand.core.net",
            "dev.strand.transport.uart", "dev.strand.sspc.app", "org.slf4j", "org.slf4j.simple", "com.fazecast.jSerialComm");
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final String MESSAGE = "hello through the mux on a serial line\n";

    @TempDir
    Path work;

    @Test
    void theSspcModulePathHoldsExactlyTheSspcOnlyModulesAndTheyResolveAmongThemselves() {
        Path mods = Reactor.sspc().resolve("mods");
        ModuleFinder finder = ModuleFinder.of(mods);
        assertEquals(new TreeSet<>(SSPC_MODULES), names(finder.findAll().stream().map(r -> r.descriptor().name())),
                "the jars in " + mods);
        Configuration bound = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(),
                Set.of("dev.strand.sspc.app"));
        assertEquals(new TreeSet<>(SSPC_MODULES), names(bound.modules().stream().map(ResolvedModule::name)),
                "the launcher with its services bound (the serial transport, the logging binding)");
    }

    @Test
    void theLauncherNeedsNoNettyNoJacksonAndNoProxyEvenWhenTheyArePresent() {
        Configuration cf = ModuleLayer.boot().configuration().resolve(ModuleFinder.of(Reactor.distribution().resolve("mods")),
                ModuleFinder.of(), Set.of("dev.strand.sspc.app"));
        Set<String> resolved = names(cf.modules().stream().map(ResolvedModule::name));
        assertTrue(SSPC_MODULES.containsAll(resolved), "resolved from the full distribution: " + resolved);
        assertTrue(resolved.stream().noneMatch(m -> m.startsWith("io.netty") || m.startsWith("com.fasterxml")
                || m.equals("dev.strand.secure.streams")), resolved.toString());
    }

    @Test
    void theSspcImageLinksOnlyTheSspcOnlyModulesWithJavaBaseAndJdkRandom() throws Exception {
        Launch.Result r = Launch.run(List.of(Reactor.sspcImage().resolve("bin/java").toString(), "--list-modules"),
                Map.of(), "", RUN, work);
        Set<String> linked = names(Arrays.stream(r.stdout().split("\n")).map(l -> l.replaceAll("@.*", "").strip())
                .filter(l -> !l.isEmpty()));
        Set<String> expected = new TreeSet<>(SSPC_MODULES);
        expected.addAll(List.of("java.base", "jdk.random"));
        assertEquals(expected, linked, r.toString());
        System.out.println("[sspc] image " + Reactor.sspcImage() + ": " + bytes(Reactor.sspcImage()) + " bytes");
        try (var jars = Files.list(Reactor.sspc().resolve("mods"))) {
            for (Path jar : jars.sorted().toList()) {
                System.out.println("[sspc] " + jar.getFileName() + ": " + Files.size(jar) + " bytes");
            }
        }
    }

    @Test
    void sspcAndStrandSsRunAStreamThroughTheContainersProxyOverAPtyPairAndOverMuxTcp() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        int port = FreePort.pick();
        try (SocatPair pty = new SocatPair();
             EchoServer origin = new EchoServer();
             ChildProcess proxy = ChildProcess.start(List.of("sh", home.resolve("bin/strand").toString(), "proxy",
                     "--listen", "uart:" + pty.deviceB() + "?baud=115200&poll=50ms", "--listen", "mux+tcp:" + port,
                     "--policy", policyFor(origin.port()).toString()), Map.of())) {
            proxy.awaitLine(0, l -> l.contains("SS proxy listening on mux+uart:" + pty.deviceB()), START,
                    "saying it serves the serial device over the mux");
            proxy.awaitLine(0, l -> l.contains("SS proxy listening on mux+tcp:127.0.0.1:" + port), START,
                    "saying it serves mux+tcp on 127.0.0.1");
            String uart = "uart:" + pty.deviceA() + "?baud=115200";

            for (Path sspc : List.of(Reactor.sspcImage().resolve("bin/sspc"), Reactor.sspc().resolve("bin/sspc"))) {
                Launch.Result r = run(List.of("sh", sspc.toString(), "echo", "--proxy", uart, "--timeout-ms", "300", "--stats"));
                assertEchoed(r);
                String stats = Arrays.stream(r.stderr().split("\n")).filter(l -> l.contains("stats:")).findFirst()
                        .orElseThrow(() -> new AssertionError("no stats line: " + r));
                assertTrue(stats.contains("ms after launch") && stats.contains("heap in use"), stats);
                System.out.println("[sspc] " + sspc + ": " + stats + "; whole run " + r.millis() + " ms");
            }
            String strand = home.resolve("bin/strand").toString();
            assertEchoed(run(List.of("sh", strand, "ss", "echo", "--proxy", uart, "--timeout-ms", "300")));
            assertEchoed(run(List.of("sh", strand, "ss", "echo", "--proxy", "mux+tcp:127.0.0.1:" + port,
                    "--timeout-ms", "300")));
            assertEquals(143, proxy.terminate(START), proxy.output());
        }
    }

    private Launch.Result run(List<String> command) throws Exception {
        return Launch.run(command, Map.of(), MESSAGE, RUN, work);
    }

    private static void assertEchoed(Launch.Result r) {
        assertEquals(0, r.exitStatus(), r.toString());
        assertEquals(MESSAGE, r.stdout(), r.toString());
        assertTrue(r.stderr().contains("CREATING (1)") && r.stderr().contains("CONNECTED (5)")
                && r.stderr().contains("TIMEOUT (14)"), r.toString());
    }

    private Path policyFor(int originPort) throws Exception {
        Path p = Files.createTempFile(work, "policy", ".json");
        Files.writeString(p, "{ \"retry\": [ { \"quick\": { \"backoff\": [100], \"conceal\": 2 } } ], \"s\": [ { \"echo\": {"
                + " \"endpoint\": \"127.0.0.1\", \"port\": " + originPort + ", \"protocol\": \"raw\", \"retry\": \"quick\" } } ] }");
        return p;
    }

    private static Set<String> names(java.util.stream.Stream<String> s) {
        return s.collect(Collectors.toCollection(TreeSet::new));
    }

    private static long bytes(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            long sum = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sum += Files.size(f);
            }
            return sum;
        }
    }
}
