package dev.strand.benchmarks.sss;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A child JVM of the load tool on the same class path: the Strand proxy ({@link ProxyProcess},
 * heap capped at {@value #MAX_HEAP}) or the echo origin ({@link OriginProcess}). It talks on its
 * stdin and stdout and ends when its stdin is closed.
 */
final class ProxyChild implements AutoCloseable {

    static final String MAX_HEAP = "512m";

    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    final String endpoint;

    /** The Strand proxy listening on every endpoint of {@code listen}. */
    static ProxyChild proxy(String... listen) throws IOException {
        return new ProxyChild(ProxyProcess.class, listen);
    }

    /** The echo origin on 127.0.0.1:{@code port}. */
    static ProxyChild origin(int port) throws IOException {
        return new ProxyChild(OriginProcess.class, Integer.toString(port));
    }

    private ProxyChild(Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx" + MAX_HEAP,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String first = out.readLine();
        if (first == null || !first.startsWith("listening")) {
            process.destroyForcibly();
            throw new IOException(main.getSimpleName() + " did not start (said " + first + ")");
        }
        endpoint = first.substring("listening".length()).strip();
    }

    long pid() {
        return process.pid();
    }

    /** Used heap after a full GC, in bytes. */
    long heapAfterGc() throws IOException {
        in.println("heap");
        String line = out.readLine();
        if (line == null || !line.startsWith("heap ")) {
            throw new IOException("the proxy child answered " + line);
        }
        return Long.parseLong(line.substring(5));
    }

    /** VmRSS of the child, in bytes. */
    long rss() throws IOException {
        return rssOf(process.pid());
    }

    /** The soft limit on open files of this process (children inherit it). */
    static long openFileLimit() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (l.startsWith("Max open files")) {
                String v = l.substring("Max open files".length()).strip().split("\\s+")[0];
                return v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v);
            }
        }
        return Long.MAX_VALUE;
    }

    static long rssOf(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
