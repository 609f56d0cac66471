package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The binance client fits the SSPC-only module set: its module resolves with the api, core-net
 * and slf4j-api alone, and the pico launcher's set (plus transport-uart, jSerialComm and a logging
 * binding) holds no Netty, Jackson or proxy.
 */
class BinanceModulesTest {

    private static Path mod(String artifactId) {
        try (Stream<Path> files = Files.list(Reactor.distribution().resolve("mods"))) {
            return files.filter(f -> f.getFileName().toString().matches(Pattern.quote(artifactId) + "-[0-9].*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + artifactId + " in mods/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> resolved(Path... jars) {
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(ModuleFinder.of(jars), ModuleFinder.of(),
                Set.of("dev.strand.examples.binance"));
        return cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
    }

    @Test
    void theBinanceClientResolvesWithTheApiCoreNetAndSlf4jApiAlone() {
        assertEquals(Set.of("dev.strand.examples.binance", "dev.strand.api", "dev.strand.core.net", "org.slf4j"),
                resolved(mod("strand-example-binance"), mod("strand-api"), mod("strand-core-net"), mod("slf4j-api")));
    }

    @Test
    void thePicoSetIsTheSspcOnlyModulesAndNothingElse() {
        assertEquals(Set.of("dev.strand.examples.binance", "dev.strand.api", "dev.strand.core.net", "org.slf4j",
                        "org.slf4j.simple", "dev.strand.transport.uart", "com.fazecast.jSerialComm"),
                resolved(mod("strand-example-binance"), mod("strand-api"), mod("strand-core-net"), mod("slf4j-api"),
                        mod("slf4j-simple"), mod("strand-transport-uart"), mod("jSerialComm")));
    }
}
