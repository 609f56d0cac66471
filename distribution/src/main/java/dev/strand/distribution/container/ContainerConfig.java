package dev.strand.distribution.container;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container's settings: {@code conf/strand.properties} and {@code conf/config.properties}
 * of a distribution folder, merged into one map of framework properties. A system property of the
 * same name overrides a file entry (and one starting with {@code strand.}, {@code org.osgi.} or
 * {@code felix.} is added), and {@code ${name}} is replaced by another entry or a system
 * property. {@code strand.home} is the distribution folder. Immutable.
 */
public final class ContainerConfig {

    /** The distribution folder (set by {@code bin/strand}). */
    public static final String HOME = "strand.home";
    /** Where Felix keeps installed bundles between runs. */
    public static final String CACHE_DIR = "strand.cache.dir";
    /** The hot-deploy folder. */
    public static final String DEPLOY_DIR = "strand.deploy.dir";
    /** How often the deploy folder is checked, in milliseconds. */
    public static final String DEPLOY_POLL_MS = "strand.deploy.poll.ms";
    /** The start level of hot-deployed bundles. */
    public static final String DEPLOY_START_LEVEL = "strand.deploy.start.level";

    private static final String[] FILES = {"strand.properties", "config.properties"};
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
    private static final int MAX_NESTING = 16;

    private final Path home;
    private final Map<String, String> properties;

    private ContainerConfig(Path home, Map<String, String> properties) {
        this.home = home;
        this.properties = Collections.unmodifiableMap(properties);
    }

    /**
     * Reads {@code home/conf}. Missing files are fine (defaults apply); an undefined or circular
     * {@code ${name}} is not.
     *
     * @throws IllegalArgumentException naming the property that cannot be resolved
     */
    public static ContainerConfig load(Path home, Properties system) throws IOException {
        Path absoluteHome = home.toAbsolutePath().normalize();
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put(CACHE_DIR, "${" + HOME + "}/cache");
        raw.put(DEPLOY_DIR, "${" + HOME + "}/deploy");
        raw.put(DEPLOY_POLL_MS, "500");
        raw.put(DEPLOY_START_LEVEL, "3");
        for (String name : FILES) {
            Path file = absoluteHome.resolve("conf").resolve(name);
            if (Files.isRegularFile(file)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                p.stringPropertyNames().forEach(k -> raw.put(k, p.getProperty(k)));
            }
        }
        raw.replaceAll((k, v) -> system.getProperty(k, v));
        for (String k : system.stringPropertyNames()) {
            if (k.startsWith("strand.") || k.startsWith("org.osgi.") || k.startsWith("felix.")) {
                raw.put(k, system.getProperty(k));
            }
        }
        raw.put(HOME, absoluteHome.toString());

        Map<String, String> resolved = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            resolved.put(key, resolve(key, raw, system, 0));
        }
        return new ContainerConfig(absoluteHome, resolved);
    }

    private static String resolve(String key, Map<String, String> raw, Properties system, int depth) {
        if (depth > MAX_NESTING) {
            throw new IllegalArgumentException("conf/: ${" + key + "} refers to itself through other properties");
        }
        String value = raw.containsKey(key) ? raw.get(key) : system.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("conf/: ${" + key + "} is used but defined neither in conf/"
                    + " nor as a system property");
        }
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(m.group(1), raw, system, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The distribution folder. */
    public Path home() {
        return home;
    }

    /** Every property, resolved: what the framework is created with. */
    public Map<String, String> frameworkProperties() {
        return properties;
    }

    /** One property, resolved. */
    public String get(String key) {
        return properties.get(key);
    }

    /** {@code bundle/} of the distribution folder, holding one folder per start level. */
    public Path bundleDir() {
        return home.resolve("bundle");
    }

    /** The hot-deploy folder. */
    public Path deployDir() {
        return home.resolve(properties.get(DEPLOY_DIR));
    }

    /** The bundle cache folder. */
    public Path cacheDir() {
        return home.resolve(properties.get(CACHE_DIR));
    }

    /** How often the deploy folder is checked. */
    public Duration deployPollInterval() {
        return Duration.ofMillis(positiveInt(DEPLOY_POLL_MS));
    }

    /** The start level of hot-deployed bundles. */
    public int deployStartLevel() {
        return positiveInt(DEPLOY_START_LEVEL);
    }

    private int positiveInt(String key) {
        String value = properties.get(key);
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n <= 0) {
            throw new IllegalArgumentException("conf/: " + key + " must be a positive whole number, not '" + value + "'");
        }
        return n;
    }
}
