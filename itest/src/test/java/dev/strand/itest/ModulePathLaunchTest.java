package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The module-path tools, launched for real from both places they ship: the distribution's
 * {@code bin/strand} (java -p mods) and the jlink image's {@code bin/strand}. The example
 * transport's jar is the very jar that is hot-deployed into the container elsewhere.
 */
class ModulePathLaunchTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The two module-path launchers. */
    enum Launcher {
        DISTRIBUTION {
            @Override
            Path script() {
                return Reactor.distribution().resolve("bin/strand");
            }
        },
        JLINK_IMAGE {
            @Override
            Path script() {
                return Reactor.image().resolve("bin/strand");
            }
        };

        abstract Path script();
    }

    @TempDir
    Path work;

    private Launch.Result strand(Launcher launcher, boolean withExample, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", launcher.script().toString()));
        command.addAll(List.of(args));
        Map<String, String> env = withExample
                ? Map.of("STRAND_MODULE_PATH", Reactor.exampleJar().toString())
                : Map.of();
        Launch.Result r = Launch.run(command, env, stdin, TIMEOUT, work);
        System.out.println("[timing] " + launcher + " strand " + String.join(" ", args) + ": " + r.millis() + " ms");
        return r;
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void transportsListsLoopback(Launcher launcher) throws Exception {
        Launch.Result r = strand(launcher, false, "", "transports");
        assertEquals(0, r.exitStatus(), r.toString());
        assertTrue(r.stdout().contains("loopback") && r.stdout().contains("mem:") && r.stdout().contains("dev.strand.core.net"),
                r.toString());
        assertFalse(r.stdout().contains("exec"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void transportsListsTheExampleWhenItsJarIsOnTheModulePath(Launcher launcher) throws Exception {
        Launch.Result r = strand(launcher, true, "", "transports");
        assertEquals(0, r.exitStatus(), r.toString());
        assertTrue(r.stdout().contains("exec") && r.stdout().contains("dev.strand.examples.custom.transport"), r.toString());
        assertTrue(r.stdout().contains("loopback"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void linkCarriesStdinThroughCatToStdout(Launcher launcher) throws Exception {
        Launch.Result r = strand(launcher, true, "hello", "link", "exec:cat");
        assertEquals(0, r.exitStatus(), r.toString());
        assertEquals("hello", r.stdout());
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void linkCarriesALargeInputWhole(Launcher launcher) throws Exception {
        String big = "0123456789abcdef".repeat(64 * 1024);
        Launch.Result r = strand(launcher, true, big, "link", "exec:cat");
        assertEquals(0, r.exitStatus(), "exit " + r.exitStatus() + ": " + r.stderr());
        assertEquals(big.length(), r.stdout().length());
        assertEquals(big, r.stdout());
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void linkReportsACommandThatFails(Launcher launcher) throws Exception {
        Launch.Result r = strand(launcher, true, "", "link", "exec:echo out; echo trouble >&2; exit 3");
        assertEquals(1, r.exitStatus(), r.toString());
        assertEquals("out\n", r.stdout());
        assertTrue(r.stderr().contains("exited with status 3: trouble"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void linkNamesTheMissingTransport(Launcher launcher) throws Exception {
        Launch.Result r = strand(launcher, false, "", "link", "exec:cat");
        assertEquals(1, r.exitStatus(), r.toString());
        assertTrue(r.stderr().contains("no transport serves 'exec:'"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void helpListsTheSubcommandsAndAnUnknownOneIsAUsageError(Launcher launcher) throws Exception {
        Launch.Result help = strand(launcher, false, "", "--help");
        assertEquals(0, help.exitStatus(), help.toString());
        for (String usage : List.of("strand demo", "strand transports", "strand link ENDPOINT", "strand help")) {
            assertTrue(help.stdout().contains(usage), help.toString());
        }
        Launch.Result unknown = strand(launcher, false, "", "frobnicate");
        assertEquals(2, unknown.exitStatus(), unknown.toString());
        assertTrue(unknown.stderr().contains("there is no subcommand 'frobnicate'"), unknown.toString());
    }

    @org.junit.jupiter.api.Test
    void theImageSaysTheContainerAndTheDemoNeedTheDistributionFolder() throws Exception {
        Launch.Result container = strand(Launcher.JLINK_IMAGE, false, "");
        assertEquals(2, container.exitStatus(), container.toString());
        assertTrue(container.stderr().contains("runs in the container"), container.toString());
        Launch.Result demo = strand(Launcher.JLINK_IMAGE, false, "", "demo");
        assertEquals(1, demo.exitStatus(), demo.toString());
        assertTrue(demo.stderr().contains("needs the distribution folder"), demo.toString());
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void fetchGetsEachResponseThroughTheEngineOnOneKeptAliveConnection(Launcher launcher) throws Exception {
        com.sun.net.httpserver.HttpServer origin = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = "hello from the origin\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        origin.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        try {
            String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/hello";
            Launch.Result r = strand(launcher, false, "", "fetch", url, "-n", "3");
            assertEquals(0, r.exitStatus(), r.toString());
            assertEquals(3, r.stdout().lines().filter(l -> l.contains("-> 200, " + body.length + " bytes, connection #1 (h1")).count(),
                    r.toString());
            assertTrue(r.stdout().contains("connections opened: 1, reused: 2"), r.toString());
        } finally {
            origin.stop(0);
        }
    }
}
