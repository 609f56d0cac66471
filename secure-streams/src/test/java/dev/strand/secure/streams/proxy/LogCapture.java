package dev.strand.secure.streams.proxy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Collects what the slf4j-simple binding of the tests writes (to whatever {@code System.err} is
 * at the time, from any thread), so that a test can read the warnings a case logs.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    /** The WARN lines logged so far whose text contains {@code logger}. */
    synchronized List<String> warnings(String logger) {
        String text;
        synchronized (bytes) {
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        return text.lines().filter(l -> l.contains(" WARN ") && l.contains(logger)).toList();
    }

    /** The lines logged so far, at any level, that contain {@code text}. */
    List<String> lines(String text) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).toList();
        }
    }

    @Override
    public void close() {
        System.setErr(original);
        original.print(bytes.toString(StandardCharsets.UTF_8));
    }
}
