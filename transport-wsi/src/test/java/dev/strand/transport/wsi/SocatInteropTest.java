package dev.strand.transport.wsi;

import static dev.strand.transport.wsi.Probe.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a peer we did not write: socat, which binds and connects abstract names the way
 * lws does (the exact length, no padding). If our names were padded, neither side would find the
 * other. Also reads {@code /proc/net/unix} to see the bound name exactly as the kernel has it.
 * socat must be installed ({@code apt-get install -y socat}); these tests fail without it.
 */
class SocatInteropTest {

    private final WsiTransport transport = new WsiTransport(WsiSettings.defaults());
    private final List<Process> processes = new ArrayList<>();
    private Listener listener;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        if (listener != null) {
            listener.close();
        }
        for (Process p : processes) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void socatConnectsToOurAbstractListenerByName() throws Exception {
        String name = "strand-socat-" + UUID.randomUUID();
        socatTalksToOurListener(Endpoint.parse("unix:@" + name), "ABSTRACT-CONNECT:" + name);
    }

    @Test
    void socatConnectsToOurFileSystemListener() throws Exception {
        Path path = dir.resolve("s.sock");
        socatTalksToOurListener(Endpoint.parse("unix:" + path), "UNIX-CONNECT:" + path);
    }

    private void socatTalksToOurListener(Endpoint endpoint, String socatAddress) throws Exception {
        byte[] greeting = "hello from strand\n".getBytes(StandardCharsets.US_ASCII);
        byte[] request = "hello from socat\n".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<Probe> accepted = new CompletableFuture<>();
        listener = transport.listen(endpoint, TestLoops.nettyEpoll(), link -> {
            Probe p = new Probe() {
                @Override
                public void onOpen(Link l) {
                    super.onOpen(l);
                    l.write(ByteBuffer.wrap(greeting));
                }
            };
            accepted.complete(p);
            return p;
        });

        Process socat = socat("-t", "5", "-", socatAddress);
        try (OutputStream stdin = socat.getOutputStream()) {
            stdin.write(request);
        }
        byte[] printed = readAll(socat.getInputStream());
        assertTrue(socat.waitFor(10, TimeUnit.SECONDS), "socat did not finish");
        assertEquals(0, socat.exitValue(), "socat failed: " + stderrOf(socat));
        assertArrayEquals(greeting, printed);
        assertArrayEquals(request, get(accepted).awaitBytes(request.length));
    }

    @Test
    void ourClientFindsSocatListeningOnAnAbstractName() throws Exception {
        String name = "strand-socat-" + UUID.randomUUID();
        socat("ABSTRACT-LISTEN:" + name, "EXEC:cat");
        awaitBound("@" + name);
        ourClientTalksToSocat(Endpoint.parse("unix:@" + name));
    }

    @Test
    void ourClientFindsSocatListeningOnAPath() throws Exception {
        Path path = dir.resolve("socat.sock");
        socat("UNIX-LISTEN:" + path, "EXEC:cat");
        awaitBound(path.toString());
        ourClientTalksToSocat(Endpoint.parse("unix:" + path));
    }

    private void ourClientTalksToSocat(Endpoint endpoint) throws Exception {
        Probe client = Probe.recorder();
        transport.connect(endpoint, ConnectOptions.DEFAULT, TestLoops.foreign().next(), client);
        Link link = client.awaitOpen();
        byte[] ping = "ping through socat\n".getBytes(StandardCharsets.US_ASCII);
        client.send(link, ping, ping.length);
        assertArrayEquals(ping, client.awaitBytes(ping.length));
        Probe.run(link.loop(), link::close);
        client.awaitClosed();
    }

    @Test
    void ourAbstractNameIsBoundWithItsExactLengthAndNoPadding() throws Exception {
        String name = "strand-proc-" + UUID.randomUUID();
        listener = transport.listen(Endpoint.parse("unix:@" + name), TestLoops.nettyEpoll(), link -> Probe.echo());
        List<String> bound = unixSocketPaths().stream().filter(p -> p.startsWith("@" + name)).toList();
        assertEquals(List.of("@" + name), bound,
                "the kernel shows our name padded (each '@' after the name is a NUL byte)");
    }

    /** Waits, polling {@code /proc/net/unix}, until something is bound at {@code path}. */
    private static void awaitBound(String path) throws Exception {
        long deadline = System.nanoTime() + Probe.WAIT.toNanos();
        while (!unixSocketPaths().contains(path)) {
            if (System.nanoTime() > deadline) {
                fail("nothing bound " + path + " within " + Probe.WAIT);
            }
            Thread.sleep(10);
        }
    }

    /** The path column of {@code /proc/net/unix}: abstract names start with '@', NULs show as '@'. */
    private static List<String> unixSocketPaths() throws IOException {
        List<String> paths = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 8 && !cols[0].equals("Num")) {
                paths.add(cols[7]);
            }
        }
        return paths;
    }

    private Process socat(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("socat");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IOException("cannot start socat (install it: apt-get install -y socat): " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static String stderrOf(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
