package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.distribution.container.ContainerConfig;
import dev.strand.distribution.container.FelixContainer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Restarting over a warm bundle cache reuses what is installed, and still picks up a jar whose
 * content changed even though its size and time stamp did not (reproducible builds give every
 * jar the same time stamp).
 */
class WarmCacheTest {

    private static final FileTime REPRODUCIBLE_TIME = FileTime.fromMillis(1_767_225_600_000L);

    @TempDir
    Path work;

    @Test
    void aChangedJarWithTheSameSizeAndTimeStampIsUpdatedAndAnUnchangedOneIsNot() throws Exception {
        Path home = Reactor.copyOfDistribution(work.resolve("strand"));
        Path jar = home.resolve("bundle/3/strand-example-custom-transport.jar");
        variant(jar, "A");

        long installedAt;
        try (FelixContainer c = start(home, new CopyOnWriteArrayList<>())) {
            assertEquals("A", variantOf(example(c)));
            installedAt = example(c).getLastModified();
        }

        List<String> said = new CopyOnWriteArrayList<>();
        try (FelixContainer c = start(home, said)) {
            assertEquals(installedAt, example(c).getLastModified(), "an unchanged jar is not installed again");
            assertEquals(List.of("bundle cache reused"), said);
        }

        variant(jar, "B");
        said.clear();
        try (FelixContainer c = start(home, said)) {
            assertEquals("B", variantOf(example(c)));
            assertEquals(Bundle.ACTIVE, example(c).getState());
            assertTrue(said.get(0).startsWith("bundle cache reused; updated dev.strand.examples.custom.transport"), "said: " + said);
            assertEquals(List.of(), c.notActive());
        }
    }

    private static void variant(Path jar, String variant) throws IOException {
        Jars.withExtraEntry(Reactor.exampleJar(), jar, "variant.txt", variant);
        Files.setLastModifiedTime(jar, REPRODUCIBLE_TIME);
    }

    private FelixContainer start(Path home, List<String> said) throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty(ContainerConfig.CACHE_DIR, work.resolve("cache").toString());
        return FelixContainer.start(ContainerConfig.load(home, overrides), said::add);
    }

    private static Bundle example(FelixContainer c) {
        return c.bundles().stream().filter(b -> "dev.strand.examples.custom.transport".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("the example bundle is not installed"));
    }

    private static String variantOf(Bundle b) throws IOException {
        URL entry = b.getEntry("variant.txt");
        try (InputStream in = entry.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
