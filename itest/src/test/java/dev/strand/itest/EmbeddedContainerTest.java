package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.distribution.container.ContainerConfig;
import dev.strand.distribution.container.FelixContainer;
import dev.strand.distribution.container.FoundProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The distribution's bundle set in a real, embedded Felix, started by the distribution's own
 * container code ({@link FelixContainer}) with a bundle cache and deploy folder of the test's own.
 */
class EmbeddedContainerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path work;
    private static Path deploy;
    private static FelixContainer container;
    private static final List<String> SAID = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startContainer() throws Exception {
        deploy = Files.createDirectory(work.resolve("deploy"));
        Properties overrides = new Properties();
        overrides.setProperty(ContainerConfig.CACHE_DIR, work.resolve("cache").toString());
        overrides.setProperty(ContainerConfig.DEPLOY_DIR, deploy.toString());
        overrides.setProperty(ContainerConfig.DEPLOY_POLL_MS, "100");
        ContainerConfig config = ContainerConfig.load(Reactor.distribution(), overrides);
        container = FelixContainer.start(config, SAID::add);
    }

    @AfterAll
    static void stopContainer() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void everyBundleIsActiveAndEveryFragmentResolvedSoNoImportIsMissing() {
        assertEquals(List.of(), container.notActive());
        Set<String> names = new TreeSet<>();
        container.bundles().forEach(b -> names.add(b.getSymbolicName()));
        assertTrue(names.containsAll(Set.of("dev.strand.api", "dev.strand.core.net", "slf4j.api", "slf4j.simple",
                "org.apache.aries.spifly.dynamic.bundle")), "bundles: " + names);
        for (Bundle b : container.bundles()) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            assertNotNull(wiring, b + " is not resolved");
            for (var requirement : wiring.getRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
                String resolution = requirement.getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
                boolean optional = PackageNamespace.RESOLUTION_OPTIONAL.equals(resolution)
                        || PackageNamespace.RESOLUTION_DYNAMIC.equals(resolution);
                boolean wired = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                        .anyMatch(w -> w.getRequirement().equals(requirement));
                assertTrue(optional || wired, b.getSymbolicName() + " has an unwired import " + requirement);
            }
        }
    }

    @Test
    void atRunTimeApiUsesNothingAndCoreNetOnlyTheApiSlf4jAndTheFramework() {
        assertEquals(Map.of(), foreignPackageWires("dev.strand.api"), "api's package wires to other bundles");
        Map<String, Set<String>> core = foreignPackageWires("dev.strand.core.net");
        assertEquals(Set.of("dev.strand.api", "slf4j.api", "org.apache.felix.framework"), core.keySet(),
                "core-net is wired to: " + core);
        assertTrue(core.get("org.apache.felix.framework").stream().allMatch(p -> p.startsWith("org.osgi.")),
                "from the framework core-net uses OSGi packages only: " + core);
        assertEquals(Set.of("org.slf4j"), core.get("slf4j.api"));
    }

    /** Packages a bundle is wired to, by providing bundle, other than itself and java.*. */
    private static Map<String, Set<String>> foreignPackageWires(String symbolicName) {
        Bundle bundle = container.bundles().stream().filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        Map<String, Set<String>> wires = new TreeMap<>();
        for (BundleWire w : bundle.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            String provider = w.getProvider().getBundle().getSymbolicName();
            String pkg = (String) w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            if (!provider.equals(symbolicName) && !pkg.startsWith("java.")) {
                wires.computeIfAbsent(provider, k -> new TreeSet<>()).add(pkg);
            }
        }
        return wires;
    }

    @Test
    void aTransportDroppedIntoDeployCarriesBytesIsUpdatedWhenReplacedAndLeavesWhenDeleted() throws Exception {
        Path jar = deploy.resolve("exec-transport.jar");
        Files.copy(Reactor.exampleJar(), jar);
        await(() -> FoundProviders.transports(container.context()).contains("exec (exec:)"), "exec transport to appear");
        byte[] payload = "hello from inside Felix\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(payload, InFrameworkLink.roundTrip(container.context(), "exec", "exec:cat", payload));

        Path rebuilt = Jars.withExtraEntry(Reactor.exampleJar(), work.resolve("rebuilt.jar"), "rebuilt.txt", "yes");
        Files.copy(rebuilt, jar, StandardCopyOption.REPLACE_EXISTING);
        await(() -> SAID.stream().anyMatch(l -> l.startsWith("updated dev.strand.examples.custom.transport"))
                && exampleBundle() != null && exampleBundle().getEntry("rebuilt.txt") != null
                && exampleBundle().getState() == Bundle.ACTIVE
                && FoundProviders.transports(container.context()).contains("exec (exec:)"),
                "the replaced jar to be updated, active and its transport registered again");
        assertArrayEquals("again".getBytes(StandardCharsets.UTF_8),
                InFrameworkLink.roundTrip(container.context(), "exec", "exec:cat", "again".getBytes(StandardCharsets.UTF_8)));

        Files.delete(jar);
        await(() -> !FoundProviders.transports(container.context()).contains("exec (exec:)"), "exec transport to leave");
        await(() -> exampleBundle() == null, "the bundle to be uninstalled");
        assertEquals(List.of(), container.notActive());
    }

    @Test
    void aBrokenJarIsReportedAndLeavesTheContainerAsItWas() throws Exception {
        Path jar = deploy.resolve("broken.jar");
        byte[] whole = Files.readAllBytes(Reactor.exampleJar());
        Files.write(jar, java.util.Arrays.copyOf(whole, whole.length / 2));
        await(() -> SAID.stream().anyMatch(l -> l.startsWith("cannot install") && l.contains("broken.jar")),
                "the broken jar to be reported");
        assertEquals(List.of(), container.notActive());
        assertTrue(FoundProviders.transports(container.context()).contains("loopback (mem:)"));

        Files.write(jar, whole);
        await(() -> exampleBundle() != null && exampleBundle().getState() == Bundle.ACTIVE, "the mended jar to be active");
        Files.delete(jar);
        await(() -> exampleBundle() == null, "the bundle to be uninstalled");
    }

    private static Bundle exampleBundle() {
        return container.bundles().stream()
                .filter(b -> "dev.strand.examples.custom.transport".equals(b.getSymbolicName()))
                .findFirst().orElse(null);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT + " for " + what + "; the container said:\n" + String.join("\n", SAID));
            }
            Thread.sleep(20);
        }
    }
}
