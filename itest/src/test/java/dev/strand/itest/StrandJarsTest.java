package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.itest.Reactor.ModuleJar;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Strand jar is an OSGi bundle whose manifest bnd wrote and a named JPMS module with a
 * hand-written descriptor, and both say the same thing. The jars are found by scanning the
 * reactor (every module with a {@code module-info.java}), so new modules are checked too.
 */
class StrandJarsTest {

    @TempDir
    static Path storage;
    private static JarFacts.Reader reader;
    private static final Map<String, JarFacts> FACTS = new HashMap<>();

    @BeforeAll
    static void readEveryJar() throws Exception {
        reader = new JarFacts.Reader(storage);
        for (ModuleJar m : Reactor.strandModules()) {
            FACTS.put(m.moduleDir(), reader.read(m.jar()));
        }
    }

    @AfterAll
    static void stopReader() throws Exception {
        reader.close();
    }

    static Stream<ModuleJar> strandModules() {
        return Reactor.strandModules().stream();
    }

    private static JarFacts facts(String moduleDir) {
        JarFacts f = FACTS.get(moduleDir);
        assertNotNull(f, "no module " + moduleDir + " in the reactor; found " + FACTS.keySet());
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strandModules")
    void isAnExplicitModuleNamedAfterItsFolder(ModuleJar m) {
        JarFacts f = facts(m.moduleDir());
        assertFalse(f.module().isAutomatic(), m.jar() + " has no module-info.class");
        assertEquals(m.expectedModuleName(), f.module().name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strandModules")
    void isABundleWithABndManifestNamedLikeTheModule(ModuleJar m) {
        JarFacts f = facts(m.moduleDir());
        var main = f.manifest().getMainAttributes();
        assertEquals("2", main.getValue("Bundle-ManifestVersion"), "Bundle-ManifestVersion");
        assertEquals(f.module().name(), f.symbolicName(), "Bundle-SymbolicName");
        String requires = String.valueOf(main.getValue("Require-Capability"));
        assertTrue(requires.contains("osgi.ee=JavaSE") && requires.contains("version=17"),
                "bnd writes the execution-environment requirement from the class files; Require-Capability: " + requires);
        assertNotNull(main.getValue("Import-Package"), "bnd computes Import-Package from the byte code");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strandModules")
    void exportsTheSamePackagesAsBundleAndAsModule(ModuleJar m) {
        JarFacts f = facts(m.moduleDir());
        assertEquals(f.moduleExports(), f.exports(), "module-info exports vs Export-Package (-exportcontents in bnd.bnd)");
    }

    /**
     * Each provider is found in both worlds: what module-info {@code provides} (ServiceLoader on
     * the module path) is exactly what the manifest's {@code osgi.serviceloader} capabilities ask
     * SPI Fly to register (written by bnd from {@code @ServiceProvider}), and nothing else.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("strandModules")
    void providesTheSameServicesAsBundleAndAsModule(ModuleJar m) {
        JarFacts f = facts(m.moduleDir());
        assertEquals(f.moduleProvides(), f.registers(),
                "module-info provides vs osgi.serviceloader capabilities (@ServiceProvider on each provider class)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strandModules")
    void exportsNoInternalPackage(ModuleJar m) {
        JarFacts f = facts(m.moduleDir());
        Set<String> all = new TreeSet<>(f.exports());
        f.module().exports().forEach(e -> all.add(e.source()));
        assertEquals(Set.of(), all.stream().filter(p -> p.contains(".internal")).collect(Collectors.toSet()));
    }

    @Test
    void theFoundationsModulesAreAllChecked() {
        assertTrue(FACTS.keySet().containsAll(Set.of("api", "core-net", "distribution", "examples/custom-transport")),
                "modules found: " + FACTS.keySet());
    }

    @Test
    void apiImportsOnlyJavaAndItselfAndRequiresOnlyJavaBase() {
        JarFacts api = facts("api");
        Set<String> foreign = api.imports().keySet().stream()
                .filter(p -> !p.startsWith("java.") && !api.exports().contains(p))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), foreign, "api imports");
        assertEquals(Map.of("java.base", false), api.moduleRequires(), "api requires");
    }

    @Test
    void coreNetImportsOnlyJavaTheApiSlf4jAndOptionallyOsgi() {
        JarFacts core = facts("core-net");
        for (Map.Entry<String, Boolean> i : core.imports().entrySet()) {
            String p = i.getKey();
            boolean allowed = p.startsWith("java.") || p.equals("dev.strand.api") || p.startsWith("dev.strand.api.")
                    || core.exports().contains(p) || p.equals("org.slf4j")
                    || (p.startsWith("org.osgi.") && i.getValue());
            assertTrue(allowed, "core-net imports " + p + (i.getValue() ? " (optional)" : "") + "; all imports: " + core.imports());
        }
        assertEquals(Boolean.FALSE, core.imports().get("org.slf4j"), "core-net needs org.slf4j");
        assertEquals(Map.of("java.base", false, "dev.strand.api", false, "org.slf4j", false,
                        "osgi.core", true, "biz.aQute.bnd.annotation", true),
                core.moduleRequires(), "core-net requires (true: static)");
    }

    @Test
    void theExampleTransportIsBuiltAgainstTheApiOnly() {
        JarFacts example = facts("examples/custom-transport");
        Set<String> foreign = example.imports().keySet().stream()
                .filter(p -> !p.startsWith("java.") && !p.equals("dev.strand.api") && !p.startsWith("dev.strand.api."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), foreign, "example imports");
        assertEquals(Map.of("java.base", false, "dev.strand.api", false, "biz.aQute.bnd.annotation", true),
                example.moduleRequires());
        assertEquals(Set.of(), example.exports(), "the example is reached through TransportOps only");
    }

    @Test
    void everyStrandJarTheDistributionShipsIsOneOfTheCheckedJars() throws IOException {
        Set<String> checked = FACTS.values().stream().map(f -> f.module().name()).collect(Collectors.toSet());
        Path dist = Reactor.distribution();
        Set<String> inBundles = strandModulesIn(dist.resolve("bundle"));
        Set<String> inMods = strandModulesIn(dist.resolve("mods"));
        Set<String> inLib = strandModulesIn(dist.resolve("lib"));
        assertTrue(checked.containsAll(inBundles) && checked.containsAll(inMods) && checked.containsAll(inLib),
                "shipped but not checked: bundles " + inBundles + " mods " + inMods + " lib " + inLib + "; checked " + checked);
        Set<String> expectedBundles = new TreeSet<>(inMods);
        expectedBundles.remove("dev.strand.distribution");
        assertEquals(expectedBundles, inBundles, "the container and the module path ship the same Strand modules");
        assertEquals(Set.of("dev.strand.distribution"), inLib);
    }

    private static Set<String> strandModulesIn(Path dir) throws IOException {
        Set<String> names = new TreeSet<>();
        List<Path> jars;
        try (Stream<Path> files = Files.walk(dir)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            for (ModuleReference ref : ModuleFinder.of(jar).findAll()) {
                if (ref.descriptor().name().startsWith("dev.strand.")) {
                    names.add(ref.descriptor().name());
                }
            }
        }
        return names;
    }
}
