package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the reactor's built artefacts are. The root comes from the {@code strand.root} system
 * property (set by the itest pom); everything else is found from there, so a module added to the
 * reactor is picked up without touching the tests.
 */
final class Reactor {

    private Reactor() {
    }

    /** A reactor module that is a JPMS module, and the jar it built. */
    record ModuleJar(String moduleDir, String expectedModuleName, Path jar) {
        @Override
        public String toString() {
            return moduleDir;
        }
    }

    static Path root() {
        String root = System.getProperty("strand.root");
        assertTrue(root != null, "strand.root is not set: run the tests through Maven");
        try {
            return Path.of(root).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String version() {
        return System.getProperty("strand.version");
    }

    /** {@code distribution/target/strand}: the distribution folder. */
    static Path distribution() {
        return built(root().resolve("distribution/target/strand"));
    }

    /** {@code distribution/target/image}: the jlink image. */
    static Path image() {
        return built(root().resolve("distribution/target/image"));
    }

    /** {@code distribution/target/sspc}: the SSPC-only profile on the module path ({@code bin/sspc}, {@code mods/}). */
    static Path sspc() {
        return built(root().resolve("distribution/target/sspc"));
    }

    /** {@code distribution/target/sspc-image}: the SSPC-only profile as a jlink image. */
    static Path sspcImage() {
        return built(root().resolve("distribution/target/sspc-image"));
    }

    /** The SS proxy's embedded default policy, as the secure-streams sources hold it. */
    static Path defaultPolicy() {
        return built(root().resolve("secure-streams/src/main/resources/dev/strand/secure/streams/policy/default-policy.json"));
    }

    /** The example transport's jar. */
    static Path exampleJar() {
        return built(root().resolve("examples/custom-transport/target/strand-example-custom-transport-" + version() + ".jar"));
    }

    private static Path built(Path p) {
        assertTrue(Files.exists(p), p + " is missing: build the reactor (mvn verify) before these tests");
        return p;
    }

    /**
     * Every reactor module with a {@code src/main/java/module-info.java}, with its jar
     * ({@code target/ARTIFACT-VERSION.jar}) and the module name the house rules give it:
     * {@code dev.strand.} and the module's folder with dots ({@code core-net} is
     * {@code dev.strand.core.net}).
     */
    static List<ModuleJar> strandModules() {
        Path root = root();
        List<ModuleJar> modules = new ArrayList<>();
        try (Stream<Path> infos = Files.walk(root, 8)) {
            for (Path info : infos.filter(p -> p.endsWith(Path.of("src/main/java/module-info.java")))
                    .sorted(Comparator.naturalOrder()).toList()) {
                Path moduleDir = info.getParent().getParent().getParent().getParent();
                if (!Files.isRegularFile(moduleDir.resolve("pom.xml"))) {
                    continue;
                }
                String rel = root.relativize(moduleDir).toString().replace('\\', '/');
                String name = "dev.strand." + rel.replace('/', '.').replace('-', '.').toLowerCase(Locale.ROOT);
                modules.add(new ModuleJar(rel, name, builtJar(moduleDir, rel)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return modules;
    }

    private static Path builtJar(Path moduleDir, String rel) throws IOException {
        Path target = moduleDir.resolve("target");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                files.filter(f -> f.getFileName().toString().endsWith("-" + version() + ".jar")).forEach(jars::add);
            }
        }
        if (jars.size() != 1) {
            fail("module " + rel + " should have built one target/*-" + version() + ".jar, found " + jars
                    + "; a module the itest does not depend on is not built before it: add it to"
                    + " distribution/pom.xml (or to itest/pom.xml if it does not ship)");
        }
        return jars.get(0);
    }

    /** Copies the distribution folder to {@code dest}, leaving out a bundle cache a manual run left. */
    static Path copyOfDistribution(Path dest) throws IOException {
        Path source = distribution();
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path rel = source.relativize(p);
                if (rel.startsWith("cache")) {
                    continue;
                }
                Path to = dest.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dest;
    }
}
