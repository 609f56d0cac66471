package dev.strand.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running child process (the container) whose merged stdout and stderr lines are kept, so
 * a test can wait for a line to appear. Thread-safe.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private boolean outputEnded;

    private ChildProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readLines, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return new ChildProcess(p);
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (lines) {
                lines.add("(reading the child's output failed: " + e + ")");
            }
        } finally {
            synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
            }
        }
    }

    /**
     * Waits for a line, after line {@code from}, that {@code matches}.
     *
     * @return its index
     * @throws AssertionError with the whole output if none comes within {@code timeout}
     */
    int awaitLine(int from, Predicate<String> matches, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    if (matches.test(lines.get(i))) {
                        return i;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || outputEnded) {
                    throw new AssertionError("no line " + what + " within " + timeout
                            + (outputEnded ? " (the process closed its output)" : "")
                            + "; output:\n" + output());
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }
    }

    /** The line at {@code index}. */
    String line(int index) {
        synchronized (lines) {
            return lines.get(index);
        }
    }

    /** The number of lines so far. */
    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** All output so far. */
    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Milliseconds since the process was started. */
    long millisSinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * Sends SIGTERM and waits for the exit status. Signals through the {@link ProcessHandle}:
     * {@link Process#destroy()} would also close the pipes and lose the last lines.
     */
    int terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not stop within " + timeout + " of SIGTERM; output:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
