package dev.strand.core.net.sss;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Collects what the slf4j-simple binding of the tests writes (it writes to whatever
 * {@code System.err} is at the time), so that a test can count the warnings a case logs.
 * Everything runs on the test thread with a {@link dev.strand.core.net.loop.ManualLoop}.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    /** The lines logged at WARN so far. */
    List<String> warnings() {
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" WARN ")).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
        original.print(bytes.toString(StandardCharsets.UTF_8));
    }
}
