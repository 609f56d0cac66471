package dev.strand.distribution.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Makes the framework's bundles match a set of jar files: installs the new ones, updates the
 * changed ones, uninstalls those whose file is gone, refreshes, and starts what was installed.
 *
 * <p>Bundles it manages have locations {@code strand:PATH}, PATH being the jar's path relative to
 * the distribution folder ({@code strand:bundle/3/strand-api-0.1.0.jar},
 * {@code strand:deploy/my-transport.jar}); they are installed from a stream, so the location
 * survives moving the folder and a warm cache is reused. Bundles with other locations are left
 * alone. Used by one thread at a time (the launcher, then the deploy watcher).
 */
final class BundleReconciler {

    /** The prefix of every location this class manages. */
    static final String LOCATION_PREFIX = "strand:";

    private final BundleContext context;
    private final Path home;
    private final Consumer<String> say;
    private final InstalledDigests digests;
    private final Map<String, FileStamp> checkedStamps = new HashMap<>();
    private final Map<String, FileStamp> failedFrom = new HashMap<>();

    /**
     * @param digests what the bundles in the cache were installed from (kept with the cache)
     */
    BundleReconciler(BundleContext context, Path home, InstalledDigests digests, Consumer<String> say) {
        this.context = context;
        this.home = home;
        this.digests = digests;
        this.say = say;
    }

    /** A jar that should be installed, at a start level. */
    record Wanted(String location, Path file, int startLevel, FileStamp stamp) {
    }

    /** What a file looked like, cheaply: when neither field changed, its content is not read again. */
    record FileStamp(long size, long modifiedMillis) {
        static FileStamp of(Path file) throws IOException {
            return new FileStamp(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        }
    }

    /** What one reconciliation did. */
    record Changes(List<Bundle> installed, List<Bundle> updated, List<String> uninstalled) {
        boolean isEmpty() {
            return installed.isEmpty() && updated.isEmpty() && uninstalled.isEmpty();
        }
    }

    /** The location a jar gets. */
    String locationOf(Path jar) {
        return LOCATION_PREFIX + home.relativize(jar.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** A {@link Wanted} for {@code jar} as it is now. */
    Wanted wanted(Path jar, int startLevel) throws IOException {
        return new Wanted(locationOf(jar), jar, startLevel, FileStamp.of(jar));
    }

    /**
     * Reconciles the bundles whose location starts with {@code scope} with {@code wanted}.
     * Bundles in scope that are neither wanted nor in {@code keep} are uninstalled; {@code keep}
     * names locations whose files are present but still changing.
     *
     * @param atLaunch start every wanted bundle, not only the newly installed ones, and leave
     *                 saying what was installed or updated to the caller (problems are still said)
     */
    Changes reconcile(Collection<Wanted> wanted, String scope, Set<String> keep, boolean atLaunch) {
        List<Bundle> installed = new ArrayList<>();
        List<Bundle> updated = new ArrayList<>();
        List<String> uninstalled = new ArrayList<>();
        List<Bundle> toStart = new ArrayList<>();
        Set<String> wantedLocations = new HashSet<>();

        for (Wanted w : wanted) {
            wantedLocations.add(w.location());
            if (w.stamp().equals(failedFrom.get(w.location()))) {
                continue;
            }
            Bundle b = context.getBundle(w.location());
            try {
                if (b == null) {
                    b = install(w, !atLaunch);
                    installed.add(b);
                    toStart.add(b);
                } else {
                    if (hasChanged(w)) {
                        update(b, w, !atLaunch);
                        updated.add(b);
                    }
                    if (atLaunch) {
                        toStart.add(b);
                    }
                }
                setStartLevel(b, w.startLevel());
            } catch (BundleException | IOException | RuntimeException e) {
                failedFrom.put(w.location(), w.stamp());
                say.accept("cannot " + (b == null ? "install " : "update ") + w.location() + ": " + e.getMessage()
                        + " (tried again when the file changes)");
            }
        }

        List<Bundle> removed = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String location = b.getLocation();
            if (location.startsWith(scope) && !wantedLocations.contains(location) && !keep.contains(location)) {
                failedFrom.remove(location);
                try {
                    String name = describe(b);
                    b.uninstall();
                    checkedStamps.remove(location);
                    digests.remove(location);
                    removed.add(b);
                    uninstalled.add(name);
                    say.accept("uninstalled " + name + " (" + location + " is gone)");
                } catch (BundleException | IOException | RuntimeException e) {
                    say.accept("cannot uninstall " + location + ": " + e.getMessage());
                }
            }
        }

        List<Bundle> refresh = new ArrayList<>(updated);
        refresh.addAll(removed);
        if (!refresh.isEmpty() && isFrameworkActive()) {
            refresh(refresh);
        }
        toStart.forEach(this::start);
        return new Changes(installed, updated, uninstalled);
    }

    private Bundle install(Wanted w, boolean announce) throws BundleException, IOException {
        String digest = InstalledDigests.digestOf(w.file());
        Bundle b;
        try (InputStream in = Files.newInputStream(w.file())) {
            b = context.installBundle(w.location(), in);
        }
        failedFrom.remove(w.location());
        checkedStamps.put(w.location(), w.stamp());
        digests.put(w.location(), digest);
        if (announce) {
            say.accept("installed " + describe(b) + " from " + w.location().substring(LOCATION_PREFIX.length()));
        }
        return b;
    }

    private void update(Bundle b, Wanted w, boolean announce) throws BundleException, IOException {
        String digest = InstalledDigests.digestOf(w.file());
        try (InputStream in = Files.newInputStream(w.file())) {
            b.update(in);
        }
        failedFrom.remove(w.location());
        checkedStamps.put(w.location(), w.stamp());
        digests.put(w.location(), digest);
        if (announce) {
            say.accept("updated " + describe(b) + " from " + w.location().substring(LOCATION_PREFIX.length()));
        }
    }

    /**
     * Whether a jar's content differs from what its bundle was installed from. The content is
     * hashed only when the file's size or time stamp differ from the last check (or at launch).
     */
    private boolean hasChanged(Wanted w) throws IOException {
        if (w.stamp().equals(checkedStamps.get(w.location()))) {
            return false;
        }
        String now = InstalledDigests.digestOf(w.file());
        if (now.equals(digests.get(w.location()).orElse(null))) {
            checkedStamps.put(w.location(), w.stamp());
            return false;
        }
        return true;
    }

    private static void setStartLevel(Bundle b, int level) {
        BundleStartLevel sl = b.adapt(BundleStartLevel.class);
        if (sl.getStartLevel() != level) {
            sl.setStartLevel(level);
        }
    }

    private void start(Bundle b) {
        if (isFragment(b) || b.getState() == Bundle.UNINSTALLED) {
            return;
        }
        try {
            b.start();
        } catch (BundleException | RuntimeException e) {
            say.accept("cannot start " + describe(b) + ": " + e.getMessage());
        }
    }

    private boolean isFrameworkActive() {
        return context.getBundle(0).getState() == Bundle.ACTIVE;
    }

    private void refresh(List<Bundle> bundles) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                say.accept("refreshing bundles takes longer than 30 s; carrying on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isFragment(Bundle b) {
        return b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    static String describe(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion();
    }
}
