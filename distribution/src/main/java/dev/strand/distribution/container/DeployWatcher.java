package dev.strand.distribution.container;

import dev.strand.distribution.container.BundleReconciler.FileStamp;
import dev.strand.distribution.container.BundleReconciler.Wanted;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Watches the deploy folder by polling: a jar that appeared is installed and started, one that
 * changed is updated, one that is gone is uninstalled, and the framework is refreshed. A jar is
 * acted on only once it looked the same in two consecutive checks, so a jar still being copied
 * is left alone until the copy is done. Polling (rather than a {@code WatchService}) sees
 * replaced files and network file systems alike and costs one directory listing per interval.
 *
 * <p>Runs on one daemon thread of its own, started by {@link #start()} and ended by
 * {@link #close()}; the reconciler is used from that thread only.
 */
final class DeployWatcher implements AutoCloseable {

    private final Path dir;
    private final Duration interval;
    private final int startLevel;
    private final BundleReconciler reconciler;
    private final Consumer<String> say;
    private final Runnable afterChanges;
    private final Thread thread;
    private Map<Path, FileStamp> previous = Map.of();
    private volatile boolean closed;

    /**
     * @param afterChanges called on the watcher's thread after a check that changed bundles
     */
    DeployWatcher(Path dir, Duration interval, int startLevel, BundleReconciler reconciler,
                  Consumer<String> say, Runnable afterChanges) {
        this.dir = dir;
        this.interval = interval;
        this.startLevel = startLevel;
        this.reconciler = reconciler;
        this.say = say;
        this.afterChanges = afterChanges;
        this.thread = new Thread(this::run, "strand-deploy-watcher");
        thread.setDaemon(true);
    }

    /** The bundles the deploy folder asks for now, every jar taken as it is (used at launch). */
    List<Wanted> currentJars() throws IOException {
        Map<Path, FileStamp> now = scan();
        previous = now;
        List<Wanted> wanted = new ArrayList<>();
        for (Map.Entry<Path, FileStamp> e : now.entrySet()) {
            wanted.add(new Wanted(reconciler.locationOf(e.getKey()), e.getKey(), startLevel, e.getValue()));
        }
        return wanted;
    }

    /** The location prefix of the bundles this folder manages. */
    String scope() {
        return reconciler.locationOf(dir) + "/";
    }

    void start() {
        thread.start();
    }

    /** One check: what the thread does every interval. */
    void check() throws IOException {
        Map<Path, FileStamp> now = scan();
        List<Wanted> settled = new ArrayList<>();
        Set<String> changing = new HashSet<>();
        for (Path jar : now.keySet()) {
            String location = reconciler.locationOf(jar);
            if (isSettled(jar, previous, now)) {
                settled.add(new Wanted(location, jar, startLevel, now.get(jar)));
            } else {
                changing.add(location);
            }
        }
        previous = now;
        BundleReconciler.Changes changes = reconciler.reconcile(settled, scope(), changing, false);
        if (!changes.isEmpty()) {
            afterChanges.run();
        }
    }

    /** Whether {@code jar} looked the same in the previous check as now. */
    static boolean isSettled(Path jar, Map<Path, FileStamp> previous, Map<Path, FileStamp> now) {
        FileStamp current = now.get(jar);
        return current != null && current.equals(previous.get(jar));
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
                check();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    say.accept("deploy folder " + dir + ": " + e);
                }
            }
        }
    }

    private Map<Path, FileStamp> scan() throws IOException {
        Map<Path, FileStamp> jars = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return jars;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path f : files) {
                try {
                    if (Files.isRegularFile(f)) {
                        jars.put(f.toAbsolutePath().normalize(), FileStamp.of(f));
                    }
                } catch (NoSuchFileException vanishedSinceListed) {
                    continue;
                }
            }
        }
        return jars;
    }

    /** Stops watching; waits briefly for a check in progress to finish. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
