package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * At run time on the module path, {@code api} needs nothing and {@code core-net} nothing but the
 * api and slf4j-api: module layers made of exactly those jars resolve, and core-net runs in one.
 */
class ModulePathDependenciesTest {

    /** The jar in the distribution's mods/ whose file name is {@code artifactId-VERSION.jar}. */
    private static Path mod(String artifactId) {
        try (Stream<Path> files = Files.list(Reactor.distribution().resolve("mods"))) {
            return files.filter(f -> f.getFileName().toString().matches(Pattern.quote(artifactId) + "-[0-9].*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + artifactId + " in mods/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path apiJar() {
        return mod("strand-api");
    }

    private static Path coreNetJar() {
        return mod("strand-core-net");
    }

    private static Path slf4jApiJar() {
        return mod("slf4j-api");
    }

    private static Configuration resolve(String root, Path... jars) {
        return ModuleLayer.boot().configuration().resolve(ModuleFinder.of(jars), ModuleFinder.of(), Set.of(root));
    }

    private static Set<String> reads(Configuration cf, String module) {
        return cf.findModule(module).orElseThrow().reads().stream()
                .map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void apiResolvesAloneAndReadsOnlyJavaBase() {
        Configuration cf = resolve("dev.strand.api", apiJar());
        assertEquals(Set.of("dev.strand.api"), cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet()));
        assertEquals(Set.of("java.base"), reads(cf, "dev.strand.api"));
    }

    @Test
    void coreNetResolvesWithOnlyTheApiAndSlf4jApi() {
        Configuration cf = resolve("dev.strand.core.net", apiJar(), coreNetJar(), slf4jApiJar());
        assertEquals(Set.of("dev.strand.api", "dev.strand.core.net", "org.slf4j"),
                cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet()));
        assertEquals(Set.of("java.base", "dev.strand.api", "org.slf4j"), reads(cf, "dev.strand.core.net"));
    }

    @Test
    void coreNetDoesNotResolveWithoutSlf4jApi() {
        FindException e = assertThrows(FindException.class, () -> resolve("dev.strand.core.net", apiJar(), coreNetJar()));
        assertTrue(e.getMessage().contains("org.slf4j"), e.getMessage());
    }

    @Test
    void coreNetRunsInALayerOfOnlyApiCoreNetAndSlf4jApi() throws Exception {
        Configuration cf = resolve("dev.strand.core.net", apiJar(), coreNetJar(), slf4jApiJar());
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("dev.strand.core.net");
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            Class<?> providers = loader.loadClass("dev.strand.core.net.registry.Providers");
            Object registry = providers.getMethod("fromServiceLoader", ClassLoader.class).invoke(null, loader);
            List<?> transports = (List<?>) providers.getMethod("transports").invoke(registry);
            Class<?> transportOps = loader.loadClass("dev.strand.api.transport.TransportOps");
            List<Object> names = transports.stream().map(t -> {
                try {
                    return transportOps.getMethod("name").invoke(t);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toList());
            assertEquals(List.of("loopback", "mux"), names, "core-net's own transports, found with nothing else present");
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
