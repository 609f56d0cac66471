package dev.strand.distribution.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerConfigTest {

    @TempDir
    Path home;

    private void conf(String file, String text) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf").resolve(file), text);
    }

    @Test
    void withoutConfFilesTheCacheAndDeployFoldersLiveInHome() throws IOException {
        ContainerConfig c = ContainerConfig.load(home, new Properties());
        assertEquals(home.resolve("cache").toAbsolutePath(), c.cacheDir());
        assertEquals(home.resolve("deploy").toAbsolutePath(), c.deployDir());
        assertEquals(Duration.ofMillis(500), c.deployPollInterval());
        assertEquals(3, c.deployStartLevel());
        assertEquals(home.toAbsolutePath().toString(), c.get(ContainerConfig.HOME));
    }

    @Test
    void bothFilesBecomeFrameworkPropertiesWithVariablesReplaced() throws IOException {
        conf("strand.properties", "strand.cache.dir=${strand.home}/var/cache\nstrand.proxy.listen=@proxy.ss.lws\n");
        conf("config.properties", "org.osgi.framework.storage=${strand.cache.dir}\nfelix.log.level=1\n");
        ContainerConfig c = ContainerConfig.load(home, new Properties());
        String cache = home.toAbsolutePath() + "/var/cache";
        assertEquals(cache, c.frameworkProperties().get("org.osgi.framework.storage"));
        assertEquals("@proxy.ss.lws", c.frameworkProperties().get("strand.proxy.listen"));
        assertEquals("1", c.frameworkProperties().get("felix.log.level"));
    }

    @Test
    void systemPropertiesOverrideAndAddFrameworkProperties() throws IOException {
        conf("strand.properties", "strand.deploy.poll.ms=500\n");
        Properties system = new Properties();
        system.setProperty("strand.deploy.poll.ms", "50");
        system.setProperty("org.osgi.framework.system.packages.extra", "sun.misc");
        system.setProperty("user.name", "not a framework property");
        ContainerConfig c = ContainerConfig.load(home, system);
        assertEquals(Duration.ofMillis(50), c.deployPollInterval());
        assertEquals("sun.misc", c.get("org.osgi.framework.system.packages.extra"));
        assertEquals(null, c.get("user.name"));
    }

    @Test
    void anUndefinedVariableIsNamed() throws IOException {
        conf("config.properties", "org.osgi.framework.storage=${no.such.thing}/cache\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContainerConfig.load(home, new Properties()));
        assertTrue(e.getMessage().contains("${no.such.thing}"), e.getMessage());
    }

    @Test
    void aCircularVariableIsRefused() throws IOException {
        conf("strand.properties", "a=${b}\nb=${a}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContainerConfig.load(home, new Properties()));
        assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
    }

    @Test
    void aPollIntervalThatIsNotAPositiveNumberIsNamed() throws IOException {
        conf("strand.properties", "strand.deploy.poll.ms=soon\n");
        ContainerConfig c = ContainerConfig.load(home, new Properties());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::deployPollInterval);
        assertTrue(e.getMessage().contains("strand.deploy.poll.ms") && e.getMessage().contains("soon"), e.getMessage());
    }
}
