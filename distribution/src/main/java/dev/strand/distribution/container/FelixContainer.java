package dev.strand.distribution.container;

import dev.strand.distribution.container.BundleReconciler.Wanted;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * An embedded OSGi framework holding a distribution folder's bundles: {@code bundle/N/*.jar} at
 * start level N, the jars of the deploy folder at the deploy start level, kept in step with the
 * deploy folder while it runs. The framework is found with {@link ServiceLoader} (any R7
 * framework on the class path; the distribution ships Felix).
 *
 * <p>{@link #start} returns once the framework has reached its beginning start level. The bundle
 * cache is locked against other containers while this one runs ({@link CacheLock}). Thread-safe:
 * {@link #stop} may be called from any thread (a shutdown hook), more than once.
 */
public final class FelixContainer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** In the bundle cache: what each managed bundle was installed from. */
    static final String DIGESTS_FILE = "strand-installed.properties";

    private final Framework framework;
    private final DeployWatcher watcher;
    private final CacheLock lock;
    private final Consumer<String> say;

    private FelixContainer(Framework framework, DeployWatcher watcher, CacheLock lock, Consumer<String> say) {
        this.framework = framework;
        this.watcher = watcher;
        this.lock = lock;
        this.say = say;
    }

    /**
     * Creates the framework from {@code config}, installs (or, on a warm cache, checks) the
     * bundles, starts it and starts watching the deploy folder.
     *
     * @param say where lines for people go (already without the {@link ContainerOutput#PREFIX})
     */
    public static FelixContainer start(ContainerConfig config, Consumer<String> say)
            throws BundleException, IOException, InterruptedException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FelixContainer.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"
                        + " (lib/ should hold org.apache.felix.framework)"));
        String storage = config.get(Constants.FRAMEWORK_STORAGE);
        Path cache = storage == null ? config.cacheDir() : config.home().resolve(storage);
        CacheLock lock = CacheLock.take(cache);
        try {
            return start(config, factory, cache, lock, say);
        } catch (BundleException | IOException | InterruptedException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static FelixContainer start(ContainerConfig config, FrameworkFactory factory, Path cache, CacheLock lock,
            Consumer<String> say) throws BundleException, IOException, InterruptedException {
        Files.createDirectories(config.deployDir());
        Framework framework = factory.newFramework(new HashMap<>(config.frameworkProperties()));
        framework.init();
        try {
            DeployWatcher watcher = install(config, framework.getBundleContext(), cache, say);
            CountDownLatch started = new CountDownLatch(1);
            framework.getBundleContext().addFrameworkListener(event -> {
                if (event.getType() == FrameworkEvent.STARTED) {
                    started.countDown();
                }
            });
            framework.start();
            if (!started.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the framework did not reach its start level within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            watcher.start();
            return new FelixContainer(framework, watcher, lock, say);
        } catch (BundleException | IOException | InterruptedException | RuntimeException e) {
            framework.stop();
            framework.waitForStop(10_000);
            throw e;
        }
    }

    /** Installs or checks every wanted bundle; returns the (not yet started) deploy watcher. */
    private static DeployWatcher install(ContainerConfig config, BundleContext context, Path cache, Consumer<String> say)
            throws IOException {
        BundleReconciler reconciler = new BundleReconciler(context, config.home(),
                InstalledDigests.load(cache.resolve(DIGESTS_FILE)), say);
        DeployWatcher watcher = new DeployWatcher(config.deployDir(), config.deployPollInterval(),
                config.deployStartLevel(), reconciler, say, () -> reportProviders(context, say));
        List<Wanted> wanted = new ArrayList<>(levelJars(config.bundleDir(), reconciler));
        wanted.addAll(watcher.currentJars());
        BundleReconciler.Changes changes = reconciler.reconcile(wanted, BundleReconciler.LOCATION_PREFIX, Set.of(), true);
        say.accept(cacheSummary(wanted.size(), changes));
        return watcher;
    }

    private static String cacheSummary(int bundles, BundleReconciler.Changes changes) {
        if (changes.installed().size() == bundles && bundles > 0) {
            return "installed " + bundles + " bundles into an empty bundle cache";
        }
        StringBuilder s = new StringBuilder("bundle cache reused");
        if (!changes.installed().isEmpty()) {
            s.append("; installed ").append(names(changes.installed()));
        }
        if (!changes.updated().isEmpty()) {
            s.append("; updated ").append(names(changes.updated()));
        }
        if (!changes.uninstalled().isEmpty()) {
            s.append("; uninstalled ").append(String.join(", ", changes.uninstalled()));
        }
        return s.toString();
    }

    private static String names(List<Bundle> bundles) {
        return String.join(", ", bundles.stream().map(BundleReconciler::describe).toList());
    }

    /** {@code bundle/1/*.jar} at level 1, and so on: every folder named by a positive number. */
    private static List<Wanted> levelJars(Path bundleDir, BundleReconciler reconciler) throws IOException {
        TreeMap<Integer, Path> levels = new TreeMap<>();
        if (Files.isDirectory(bundleDir)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(bundleDir, Files::isDirectory)) {
                for (Path d : dirs) {
                    String name = d.getFileName().toString();
                    if (name.matches("[1-9][0-9]{0,2}")) {
                        levels.put(Integer.parseInt(name), d);
                    }
                }
            }
        }
        List<Wanted> wanted = new ArrayList<>();
        for (var level : levels.entrySet()) {
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(level.getValue(), "*.jar")) {
                files.forEach(jars::add);
            }
            jars.sort(null);
            for (Path jar : jars) {
                wanted.add(reconciler.wanted(jar, level.getKey()));
            }
        }
        return wanted;
    }

    /** Says which transports and protocols the framework holds now. */
    public void reportProviders() {
        reportProviders(framework.getBundleContext(), say);
    }

    private static void reportProviders(BundleContext context, Consumer<String> say) {
        say.accept(ContainerOutput.TRANSPORTS.substring(ContainerOutput.PREFIX.length())
                + FoundProviders.join(FoundProviders.transports(context)));
        say.accept(ContainerOutput.PROTOCOLS.substring(ContainerOutput.PREFIX.length())
                + FoundProviders.join(FoundProviders.protocols(context)));
    }

    /** The framework's own bundle context (the system bundle's). */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The framework. */
    public Framework framework() {
        return framework;
    }

    /** Every bundle but the system bundle. */
    public List<Bundle> bundles() {
        List<Bundle> bundles = new ArrayList<>(List.of(context().getBundles()));
        bundles.removeIf(b -> b.getBundleId() == 0);
        return bundles;
    }

    /** Bundles that are not ACTIVE (fragments: not RESOLVED), described with their state. */
    public List<String> notActive() {
        List<String> out = new ArrayList<>();
        for (Bundle b : bundles()) {
            int expected = BundleReconciler.isFragment(b) ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                out.add(BundleReconciler.describe(b) + " is " + stateName(b.getState()));
            }
        }
        return out;
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED (not resolved)";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }

    /** Stops watching and stops the framework, waiting up to {@code timeout}. Idempotent. */
    public void stop(Duration timeout) throws BundleException, InterruptedException, IOException {
        watcher.close();
        framework.stop();
        framework.waitForStop(timeout.toMillis());
        lock.close();
    }

    /** Waits until the framework has stopped, however it was stopped. */
    public void awaitStopped() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** {@link #stop} with 30 s to finish. */
    @Override
    public void close() throws BundleException, InterruptedException, IOException {
        stop(Duration.ofSeconds(30));
    }
}
