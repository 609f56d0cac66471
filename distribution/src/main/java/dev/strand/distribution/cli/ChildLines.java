package dev.strand.distribution.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process's output (stdout and stderr merged), line by line, read on a daemon thread so
 * that the demo can show it as it comes and wait for the lines it needs. One consumer thread.
 */
final class ChildLines {

    private static final String EOF = "\u0000end-of-output";

    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String prefix;
    private volatile boolean ended;

    /** Starts reading {@code process}'s output; shown lines get {@code prefix} in front. */
    ChildLines(Process process, String name, String prefix) {
        this.prefix = prefix;
        Thread reader = new Thread(() -> read(process), "strand-demo-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Shows lines until one matches {@code wanted}, which it returns; null if none came within
     * {@code timeoutS} or the output ended.
     */
    String await(Predicate<String> wanted, long timeoutS, PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (!ended) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (line.equals(EOF)) {
                ended = true;
                return null;
            }
            out.println(prefix + line);
            if (wanted.test(line)) {
                return line;
            }
        }
        return null;
    }

    /** Shows whatever came so far, without waiting. */
    void drain(PrintStream out) {
        for (String line; (line = lines.poll()) != null; ) {
            if (line.equals(EOF)) {
                ended = true;
                return;
            }
            out.println(prefix + line);
        }
    }

    private void read(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the output failed: " + e.getMessage() + ")");
        } finally {
            lines.add(EOF);
        }
    }
}
