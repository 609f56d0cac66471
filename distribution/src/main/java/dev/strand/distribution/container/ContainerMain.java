package dev.strand.distribution.container;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bin/strand} with no arguments, or {@code bin/strand proxy [--policy FILE] [--listen ENDPOINT]...}
 * ({@link ProxyFlags}): runs the container until it is stopped (SIGTERM, Ctrl-C, or the framework
 * stopping itself). As {@code proxy}, a proxy that cannot start ends the container with status 1. Prints for people on stdout; bundles log through slf4j.
 */
public final class ContainerMain {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** One line per java.util.logging record (SPI Fly and System.Logger users log there), like slf4j-simple's. */
    private static final String JUL_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    private static final String JUL_FORMAT = "[%3$s] %4$s - %5$s%6$s%n";

    private ContainerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        if (System.getProperty(JUL_FORMAT_PROPERTY) == null) {
            System.setProperty(JUL_FORMAT_PROPERTY, JUL_FORMAT);
        }
        boolean proxyMode = args.length > 0 && args[0].equals(ProxyFlags.COMMAND);
        if (args.length > 0 && !proxyMode) {
            out.println(ContainerOutput.FAILED + "the container takes no arguments, not " + List.of(args));
            System.exit(2);
        }
        if (proxyMode) {
            try {
                ProxyFlags.properties(List.of(args).subList(1, args.length)).forEach(System::setProperty);
            } catch (IllegalArgumentException e) {
                out.println(ContainerOutput.FAILED + e.getMessage());
                System.exit(2);
            }
        }
        Path home = Path.of(System.getProperty(ContainerConfig.HOME, "."));
        FelixContainer container;
        ContainerConfig config;
        try {
            config = ContainerConfig.load(home, System.getProperties());
            out.println(ContainerOutput.PREFIX + "starting the container in " + config.home()
                    + " (bundle cache " + config.cacheDir() + ")");
            container = FelixContainer.start(config, line -> out.println(ContainerOutput.PREFIX + line));
        } catch (IllegalStateException | IllegalArgumentException e) {
            out.println(ContainerOutput.FAILED + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            out.println(ContainerOutput.FAILED + e);
            System.exit(1);
            return;
        }

        AtomicBoolean stoppedBySignal = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stoppedBySignal.set(true);
            stop(container, out);
        }, "strand-shutdown"));

        List<String> notActive = container.notActive();
        long millis = ManagementFactory.getRuntimeMXBean().getUptime();
        int total = container.bundles().size();
        if (notActive.isEmpty()) {
            out.println(ContainerOutput.READY + total + " bundles active in " + millis + " ms (since the JVM started)");
        } else {
            out.println(ContainerOutput.READY + (total - notActive.size()) + " of " + total
                    + " bundles active in " + millis + " ms; " + String.join("; ", notActive));
        }
        if (proxyMode && !notActive.isEmpty()) {
            out.println(ContainerOutput.FAILED + "the SS proxy did not start: " + String.join("; ", notActive));
            stop(container, out);
            System.exit(1);
        }
        container.reportProviders();
        out.println(ContainerOutput.WATCHING + config.deployDir() + " for bundles every "
                + config.deployPollInterval().toMillis() + " ms; Ctrl-C stops");

        container.awaitStopped();
        if (!stoppedBySignal.get()) {
            out.println(ContainerOutput.STOPPED + " (the framework stopped itself)");
            System.exit(0);
        }
    }

    private static void stop(FelixContainer container, PrintStream out) {
        long t0 = System.nanoTime();
        try {
            container.stop(STOP_TIMEOUT);
            out.println(ContainerOutput.STOPPED + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (Exception e) {
            out.println(ContainerOutput.STOPPED + " with an error: " + e);
        }
        out.flush();
    }
}
