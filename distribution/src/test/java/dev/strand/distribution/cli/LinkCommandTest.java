package dev.strand.distribution.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code strand link} against an in-JVM {@code mem:} peer (core-net's loopback transport). */
class LinkCommandTest {

    private final EventLoop serverLoop = new EventLoop("link-test-server");
    private final String endpoint = "mem:link-test-" + System.nanoTime();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        serverLoop.close();
    }

    private int link(InputStream stdin) {
        CommandContext context = new CommandContext(stdin, new PrintStream(out, false),
                new PrintStream(err, true, StandardCharsets.UTF_8), Optional.empty());
        return Main.run(List.of("link", endpoint), context);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void everythingOnStdinReachesThePeerAndTheLinkClosesAtItsEnd() throws Exception {
        byte[] input = randomBytes(3 << 20);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Throwable> serverClosed = new CompletableFuture<>();
        listener = new LoopbackTransport().listen(Endpoint.parse(endpoint), serverLoop, link -> new LinkHandler() {
            @Override
            public void onRead(Link l, ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                received.writeBytes(b);
            }

            @Override
            public void onClosed(Link l, Throwable cause) {
                serverClosed.complete(cause);
            }
        });
        assertEquals(0, link(new ByteArrayInputStream(input)), err.toString(StandardCharsets.UTF_8));
        assertEquals(null, serverClosed.get(10, TimeUnit.SECONDS));
        assertArrayEquals(input, onServerLoop(received::toByteArray));
    }

    @Test
    void everythingThePeerSendsReachesStdoutAndTheCommandEndsWhenThePeerCloses() throws Exception {
        byte[] payload = randomBytes(3 << 20);
        ByteBuffer source = ByteBuffer.wrap(payload);
        listener = new LoopbackTransport().listen(Endpoint.parse(endpoint), serverLoop, link -> new LinkHandler() {
            @Override
            public void onOpen(Link l) {
                onWritable(l);
            }

            @Override
            public void onWritable(Link l) {
                while (source.hasRemaining()) {
                    ByteBuffer slice = source.slice().limit(Math.min(32 * 1024, source.remaining()));
                    source.position(source.position() + slice.remaining());
                    if (!l.write(slice)) {
                        l.requestWrite();
                        return;
                    }
                }
                l.close();
            }

            @Override
            public void onRead(Link l, ByteBuffer data) {
                data.position(data.limit());
            }

            @Override
            public void onClosed(Link l, Throwable cause) {
            }
        });
        try (PipedOutputStream neverWritten = new PipedOutputStream();
             PipedInputStream stdinThatDoesNotEnd = new PipedInputStream(neverWritten)) {
            assertEquals(0, link(stdinThatDoesNotEnd), err.toString(StandardCharsets.UTF_8));
        }
        assertArrayEquals(payload, out.toByteArray());
    }

    @Test
    void nothingListeningIsAFailureNamingTheEndpoint() {
        assertEquals(1, link(new ByteArrayInputStream(new byte[0])));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("strand link: " + endpoint) && message.contains("nothing listens"), message);
    }

    private <T> T onServerLoop(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        serverLoop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }
}
