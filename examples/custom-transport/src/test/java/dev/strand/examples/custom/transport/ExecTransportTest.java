package dev.strand.examples.custom.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.TlsOptions;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecTransportTest {

    private static final long WAIT_S = 20;

    private final EventLoop loop = new EventLoop("exec-test");
    private final ExecTransport transport = new ExecTransport();

    @AfterEach
    void stopLoop() {
        loop.close();
    }

    @Test
    void bytesWrittenToCatComeBackAndTheLinkClosesCleanlyAfterClose() throws Exception {
        Recorder r = connect("exec:cat", link -> {
            link.write(ByteBuffer.wrap("hello, strand".getBytes(StandardCharsets.UTF_8)));
            link.close();
        });
        assertNull(r.awaitClosed());
        assertEquals("hello, strand", r.text());
    }

    @Test
    void aMegabyteRoundTripsThroughCatWithWritesPacedByOnWritable() throws Exception {
        byte[] payload = new byte[1 << 20];
        new Random(42).nextBytes(payload);
        ByteBuffer source = ByteBuffer.wrap(payload);
        Recorder r = new Recorder() {
            @Override
            public void onOpen(Link link) {
                super.onOpen(link);
                onWritable(link);
            }

            @Override
            public void onWritable(Link link) {
                while (source.hasRemaining()) {
                    ByteBuffer slice = source.slice().limit(Math.min(8192, source.remaining()));
                    source.position(source.position() + slice.remaining());
                    if (!link.write(slice)) {
                        link.requestWrite();
                        return;
                    }
                }
                link.close();
            }
        };
        transport.connect(Endpoint.parse("exec:cat"), ConnectOptions.DEFAULT, loop, r);
        assertNull(r.awaitClosed());
        assertArrayEquals(payload, r.bytes());
    }

    @Test
    void aCommandThatReadsNothingStallsTheWriterOnceThePipeIsFullUntilItReads(@TempDir Path dir) throws Exception {
        Path gate = dir.resolve("go");
        AtomicLong accepted = new AtomicLong();
        AtomicLong writableEvents = new AtomicLong();
        AtomicBoolean stopWriting = new AtomicBoolean();
        Recorder r = new Recorder() {
            @Override
            public void onOpen(Link link) {
                super.onOpen(link);
                fill(link);
            }

            @Override
            public void onWritable(Link link) {
                writableEvents.incrementAndGet();
                fill(link);
            }

            private void fill(Link link) {
                byte[] chunk = new byte[4096];
                while (!stopWriting.get()) {
                    accepted.addAndGet(chunk.length);
                    if (!link.write(ByteBuffer.wrap(chunk))) {
                        link.requestWrite();
                        return;
                    }
                }
            }
        };
        transport.connect(Endpoint.parse("exec:while [ ! -e '" + gate + "' ]; do sleep 0.05; done; cat >/dev/null"),
                ConnectOptions.DEFAULT, loop, r);
        r.awaitOpen();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        long seen;
        do {
            seen = writableEvents.get();
            Thread.sleep(500);
        } while (writableEvents.get() != seen && System.nanoTime() < deadline);
        assertEquals(seen, writableEvents.get(), "the writer never stalled");
        assertFalse(onLoop(() -> r.link.isWritable()));
        assertTrue(accepted.get() < (1 << 20), "accepted " + accepted.get() + " bytes from a command that reads nothing");
        assertTrue(accepted.get() >= ExecLink.HIGH_WATER, "stalled after only " + accepted.get() + " bytes");

        Files.createFile(gate);
        while (writableEvents.get() == seen && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(writableEvents.get() > seen, "onWritable never came after the command started reading");
        stopWriting.set(true);
        onLoopRun(r.link::close);
        assertNull(r.awaitClosed());
    }

    @Test
    void pausedReadingHoldsTheCommandBackAndResumingDeliversEverything() throws Exception {
        int total = 4 << 20;
        Recorder r = connect("exec:head -c " + total + " /dev/zero", link -> link.setReading(false));
        r.awaitOpen();
        Thread.sleep(400);
        long pid = Long.parseLong(onLoop(() -> r.link.peer()).replaceAll(".*#", ""));
        assertEquals(0, r.size(), "bytes were delivered while reading was paused");
        assertTrue(isAlive(pid),
                "the command finished although nobody read its output");
        onLoopRun(() -> r.link.setReading(true));
        assertNull(r.awaitClosed());
        assertEquals(total, r.size());
    }

    @Test
    void aNonZeroExitClosesTheLinkWithTheStatusAndTheLastStderrLine() throws Exception {
        Recorder r = connect("exec:echo partial; echo 'disk on fire' >&2; exit 3", link -> { });
        Throwable cause = r.awaitClosed();
        assertInstanceOf(IOException.class, cause);
        assertTrue(cause.getMessage().contains("exited with status 3"), cause.getMessage());
        assertTrue(cause.getMessage().endsWith("disk on fire"), cause.getMessage());
        assertEquals("partial\n", r.text());
    }

    @Test
    void aCommandThatDoesNotExistClosesWithCommandNotFound() throws Exception {
        Recorder r = connect("exec:strand-no-such-command --flag", link -> { });
        Throwable cause = r.awaitClosed();
        String message = cause.getMessage();
        assertTrue(message.contains("status 127 (command not found)"), message);
        assertTrue(message.contains("strand-no-such-command"), message);
    }

    @Test
    void abortKillsTheCommandAndReportsTheCauseAtOnce() throws Exception {
        Recorder r = connect("exec:sleep 60", link -> { });
        r.awaitOpen();
        long pid = Long.parseLong(onLoop(() -> r.link.peer()).replaceAll(".*#", ""));
        IOException reason = new IOException("test gave up");
        onLoopRun(() -> r.link.abort(reason));
        assertSame(reason, r.awaitClosed());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (isAlive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(isAlive(pid), "the command still runs after abort");
    }

    @Test
    void listeningIsRefusedWithAReason() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> transport.listen(Endpoint.parse("exec:cat"), loop, link -> null));
        assertTrue(e.getMessage().contains("client-side link"), e.getMessage());
    }

    @Test
    void tlsIsRefusedAsAConnectFailure() throws Exception {
        Recorder r = new Recorder();
        transport.connect(Endpoint.parse("exec:cat"),
                ConnectOptions.DEFAULT.withTls(TlsOptions.to("example.org")), loop, r);
        Throwable failure = r.connectFailed.get(WAIT_S, TimeUnit.SECONDS);
        assertInstanceOf(UnsupportedOperationException.class, failure);
    }

    @Test
    void otherSchemesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> transport.connect(Endpoint.parse("mem:x"), ConnectOptions.DEFAULT, loop, new Recorder()));
    }

    @Test
    void theModuleProvidesTheTransportToServiceLoader() {
        Module module = getClass().getModule();
        assertTrue(module.isNamed(), "tests should run on the module path");
        module.addUses(TransportOps.class);
        assertTrue(ServiceLoader.load(TransportOps.class).stream()
                .anyMatch(p -> p.type() == ExecTransport.class));
        assertEquals(java.util.Set.of("exec"), transport.schemes());
    }

    // ---- helpers

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private interface OnOpen {
        void run(Link link);
    }

    private Recorder connect(String endpoint, OnOpen onOpen) {
        Recorder r = new Recorder() {
            @Override
            public void onOpen(Link link) {
                super.onOpen(link);
                onOpen.run(link);
            }
        };
        transport.connect(Endpoint.parse(endpoint), ConnectOptions.DEFAULT, loop, r);
        return r;
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(WAIT_S, TimeUnit.SECONDS);
    }

    private void onLoopRun(Runnable task) throws Exception {
        onLoop(() -> {
            task.run();
            return null;
        });
    }

    /** Records what a link reports; reads happen on the loop, the test thread reads snapshots. */
    private static class Recorder implements LinkHandler {
        final CompletableFuture<Link> opened = new CompletableFuture<>();
        final CompletableFuture<Throwable> connectFailed = new CompletableFuture<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final java.util.concurrent.atomic.AtomicInteger closeCalls = new java.util.concurrent.atomic.AtomicInteger();
        volatile Link link;

        @Override
        public void onOpen(Link link) {
            this.link = link;
            opened.complete(link);
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            synchronized (received) {
                while (data.hasRemaining()) {
                    received.write(data.get());
                }
            }
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
            closeCalls.incrementAndGet();
            closed.complete(cause);
        }

        @Override
        public void onConnectFailed(Throwable cause) {
            connectFailed.complete(cause);
        }

        void awaitOpen() throws Exception {
            opened.get(WAIT_S, TimeUnit.SECONDS);
        }

        Throwable awaitClosed() throws Exception {
            Throwable cause = closed.get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(1, closeCalls.get(), "onClosed calls");
            return cause;
        }

        byte[] bytes() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        int size() {
            synchronized (received) {
                return received.size();
            }
        }

        String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }
}
