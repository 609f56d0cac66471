package dev.strand.transport.uart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.testing.LinkRecorder;
import dev.strand.core.net.testing.SocatPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy side of a serial device when its listener is closed while the device comes back: as
 * when an SS proxy stops (or its uart transport leaves) just as the listener's reopen loop finds
 * the device again. A real socat pty pair; the link's handler writes at once on open, as the mux
 * does with its first PING.
 */
class UartListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] FIRST_WORDS = "PING".getBytes(StandardCharsets.US_ASCII);

    private final EventLoop listenLoop = new EventLoop("uart-listen-test");
    private final EventLoop peerLoop = new EventLoop("uart-peer-test");
    private final UartTransport uart = new UartTransport();

    @AfterEach
    void stop() {
        listenLoop.close();
        peerLoop.close();
    }

    @Test
    void aListenerClosedWhileItsReopenLoopFindsTheDeviceOffersNoLinkWritesNothingAndReleasesTheDevice()
            throws Exception {
        try (SocatPair pty = new SocatPair()) {
            pty.kill();
            AtomicInteger offered = new AtomicInteger();
            Listener listener = uart.listen(Endpoint.parse("uart:" + pty.deviceB() + "?poll=20ms"), listenLoop,
                    link -> {
                        offered.incrementAndGet();
                        return new SpeaksFirst();
                    });
            CountDownLatch loopBusy = new CountDownLatch(1);
            try {
                Thread.sleep(100);
                assertEquals(0, offered.get(), "no link while the device is absent");
                listenLoop.execute(() -> awaitQuietly(loopBusy));
                pty.start();
                LinkRecorder peer = new LinkRecorder();
                uart.connect(Endpoint.parse("uart:" + pty.deviceA()), ConnectOptions.DEFAULT, peerLoop, peer);
                peer.awaitOpen(WAIT);
                Path deviceB = pty.b().toRealPath();
                LinkRecorder.Await.until(() -> openedHere(deviceB) > 0, WAIT,
                        () -> "the reopen loop opened " + deviceB + " again");

                listener.close();
                loopBusy.countDown();

                Thread.sleep(500);
                assertEquals(0, offered.get(), "a device found again just before the close is not offered after it");
                assertEquals(0, peer.receivedCount(), "nothing was written to the device after the close");
                LinkRecorder.Await.until(() -> openedHere(deviceB) == 0, WAIT,
                        () -> "the device opened by the reopen loop is released (" + deviceB + ")");

                pty.kill();
                pty.start();
                Path again = pty.b().toRealPath();
                Thread.sleep(300);
                assertEquals(0, openedHere(again), "a closed listener does not look for the device any more");
                assertEquals(0, offered.get(), "nor offers it");
            } finally {
                loopBusy.countDown();
                listener.close();
            }
        }
    }

    /** Writes {@link #FIRST_WORDS} as soon as the link opens. */
    private static final class SpeaksFirst extends LinkRecorder {
        @Override
        public void onOpen(Link link) {
            super.onOpen(link);
            link.write(ByteBuffer.wrap(FIRST_WORDS));
        }
    }

    /** How many of this process's file descriptors are open on {@code device}. */
    private static long openedHere(Path device) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(device);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "the test released the loop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
