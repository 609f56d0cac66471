package dev.strand.itest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * What a jar declares, read the way the runtimes read it: the OSGi headers as Felix parses them
 * (the jar is installed into a framework that is initialised but never started, so nothing
 * resolves or runs) and the module descriptor as {@link ModuleFinder} reads it.
 *
 * @param manifest     the raw manifest
 * @param symbolicName Bundle-SymbolicName
 * @param exports      exported packages
 * @param imports      imported packages, mapped to whether the import is optional
 * @param registers    {@code SERVICE=PROVIDER} for each {@code osgi.serviceloader} capability
 *                     (what SPI Fly registers as a service)
 * @param module       the module descriptor
 */
record JarFacts(Manifest manifest, String symbolicName, Set<String> exports, Map<String, Boolean> imports,
                Set<String> registers, ModuleDescriptor module) {

    private static final String SERVICELOADER_NAMESPACE = "osgi.serviceloader";

    private static final Pattern PACKAGE_IN_FILTER = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");

    /** Unqualified exports of the module descriptor. */
    Set<String> moduleExports() {
        Set<String> out = new TreeSet<>();
        module.exports().stream().filter(e -> !e.isQualified()).forEach(e -> out.add(e.source()));
        return out;
    }

    /** {@code SERVICE=PROVIDER} for each provider the module descriptor {@code provides}. */
    Set<String> moduleProvides() {
        Set<String> out = new TreeSet<>();
        module.provides().forEach(p -> p.providers().forEach(impl -> out.add(p.service() + "=" + impl)));
        return out;
    }

    /** {@code requires} of the module descriptor, mapped to whether they are static. */
    Map<String, Boolean> moduleRequires() {
        Map<String, Boolean> out = new TreeMap<>();
        module.requires().forEach(r -> out.put(r.name(), r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)));
        return out;
    }

    /** Reads jars with one framework instance; close it when done. */
    static final class Reader implements AutoCloseable {
        private final Framework framework;

        Reader(Path storage) throws BundleException {
            FrameworkFactory factory = java.util.ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
            Map<String, String> props = new HashMap<>();
            props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
            props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            framework = factory.newFramework(props);
            framework.init();
        }

        JarFacts read(Path jar) throws IOException, BundleException {
            Manifest manifest;
            try (JarFile jf = new JarFile(jar.toFile())) {
                manifest = jf.getManifest();
            }
            Bundle b;
            try (InputStream in = Files.newInputStream(jar)) {
                b = framework.getBundleContext().installBundle("facts:" + jar, in);
            }
            BundleRevision revision = b.adapt(BundleRevision.class);
            Set<String> exports = new TreeSet<>();
            for (BundleCapability c : revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                exports.add((String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
            }
            Map<String, Boolean> imports = new TreeMap<>();
            for (BundleRequirement r : revision.getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
                String filter = r.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE);
                Matcher m = PACKAGE_IN_FILTER.matcher(filter);
                if (!m.find()) {
                    throw new IllegalStateException(jar + ": cannot read the package of import " + filter);
                }
                imports.put(m.group(1), PackageNamespace.RESOLUTION_OPTIONAL.equals(
                        r.getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE)));
            }
            Set<String> registers = new TreeSet<>();
            for (BundleCapability c : revision.getDeclaredCapabilities(SERVICELOADER_NAMESPACE)) {
                Object service = c.getAttributes().get(SERVICELOADER_NAMESPACE);
                String providers = c.getDirectives().get("register");
                if (providers == null) {
                    throw new IllegalStateException(jar + ": osgi.serviceloader capability for " + service
                            + " names no provider (register:=); SPI Fly would register none");
                }
                for (String impl : providers.split(",")) {
                    registers.add(service + "=" + impl.trim());
                }
            }
            b.uninstall();
            ModuleReference ref = ModuleFinder.of(jar).findAll().iterator().next();
            return new JarFacts(manifest, revision.getSymbolicName(), exports, imports, registers, ref.descriptor());
        }

        @Override
        public void close() throws BundleException, InterruptedException {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
