package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, feeding stdin and capturing stdout and stderr apart. */
final class Launch {

    private Launch() {
    }

    /** What a finished command did. */
    record Result(int exitStatus, String stdout, String stderr, long millis) {
        @Override
        public String toString() {
            return "exit " + exitStatus + " after " + millis + " ms\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static Result run(List<String> command, Map<String, String> env, String stdin, Duration timeout, Path scratch)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "stdout", ".txt");
        Path err = Files.createTempFile(scratch, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Result r = new Result(done ? p.exitValue() : -1, Files.readString(out), Files.readString(err), millis);
        assertTrue(done, "still running after " + timeout + ": " + command + "\n" + r);
        return r;
    }
}
