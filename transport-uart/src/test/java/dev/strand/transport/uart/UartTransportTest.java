package dev.strand.transport.uart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkLostException;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.testing.LinkPair;
import dev.strand.core.net.testing.LinkRecorder;
import dev.strand.core.net.testing.SocatPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serial links over real pty pairs made by socat. */
class UartTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final EventLoop loop = new EventLoop("uart-test");
    private final UartTransport uart = new UartTransport();

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    void itIsDiscoveredAsTheUartTransportOfASingleLink() {
        getClass().getModule().addUses(TransportOps.class);
        TransportOps found = Providers.fromServiceLoader(getClass().getClassLoader())
                .transportFor(Endpoint.parse("uart:/dev/ttyUSB0"));
        assertInstanceOf(UartTransport.class, found);
        assertTrue(found.singleLinkPerEndpoint());
    }

    @Test
    void connectingToAnAbsentDeviceFailsNamingIt() throws Exception {
        LinkRecorder r = new LinkRecorder();
        uart.connect(Endpoint.parse("uart:/dev/strand-no-such-tty"), ConnectOptions.DEFAULT, loop, r);
        Throwable why = r.connectFailed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertInstanceOf(NoSuchFileException.class, why);
        assertTrue(why.getMessage().contains("/dev/strand-no-such-tty"), why.getMessage());
    }

    @Test
    void aConnectedLinkClosesWithLinkLostWhenTheDeviceGoesAway() throws Exception {
        try (SocatPair pty = new SocatPair()) {
            LinkRecorder r = new LinkRecorder();
            uart.connect(Endpoint.parse("uart:" + pty.deviceA()), ConnectOptions.DEFAULT, loop, r);
            r.awaitOpen(WAIT);
            pty.kill();
            LinkLostException why = assertInstanceOf(LinkLostException.class, r.awaitClosed(WAIT));
            assertTrue(why.getMessage().contains("went away"), why.getMessage());
            assertEquals(0, why.unsentBytes(), "nothing was written");
        }
    }

    @Test
    void bytesStillQueuedWhenTheLineIsCutAreCountedAndNoneOfThemArrived() throws Exception {
        try (SocatPair pty = new SocatPair()) {
            LinkRecorder a = new LinkRecorder();
            LinkRecorder b = new LinkRecorder();
            uart.connect(Endpoint.parse("uart:" + pty.deviceA()), ConnectOptions.DEFAULT, loop, a);
            uart.connect(Endpoint.parse("uart:" + pty.deviceB()), ConnectOptions.DEFAULT, loop, b);
            Link link = a.awaitOpen(WAIT);
            b.awaitOpen(WAIT);
            pty.stop();
            int total = 2 << 20;
            loop.execute(() -> {
                for (int i = 0; i < total / 4096; i++) {
                    link.write(ByteBuffer.wrap(new byte[4096]));
                }
            });
            Thread.sleep(300);
            pty.cut();
            LinkLostException why = assertInstanceOf(LinkLostException.class, a.awaitClosed(WAIT));
            b.awaitClosed(WAIT);
            assertTrue(why.unsentBytes() > 0 && why.unsentBytes() <= total,
                    "a frozen line holds back most of 2 MiB: " + why.unsentBytes());
            assertTrue(b.receivedCount() + why.unsentBytes() <= total,
                    "what arrived and what was reported unsent never overlap: " + b.receivedCount() + " + "
                            + why.unsentBytes());
        }
    }

    @Test
    void theListenerReportsLinkDownWhenTheDeviceGoesAwayAndOffersANewLinkWhenItIsBack() throws Exception {
        try (SocatPair pty = new SocatPair()) {
            List<LinkRecorder> offered = new CopyOnWriteArrayList<>();
            Listener listener = uart.listen(Endpoint.parse("uart:" + pty.deviceB() + "?poll=50ms"), loop, link -> {
                LinkRecorder r = new LinkRecorder();
                offered.add(r);
                return r;
            });
            try {
                LinkRecorder.Await.until(() -> offered.size() == 1, WAIT, () -> "first link offered");
                Link first = offered.get(0).awaitOpen(WAIT);
                pty.kill();
                assertInstanceOf(IOException.class, offered.get(0).awaitClosed(WAIT), "link down");
                Thread.sleep(300);
                assertEquals(1, offered.size(), "no link while the device is absent");
                pty.start();
                LinkRecorder.Await.until(() -> offered.size() == 2, WAIT, () -> "a new link once the device is back");
                Link second = offered.get(1).awaitOpen(WAIT);
                assertNotSame(first, second);

                LinkRecorder client = new LinkRecorder();
                uart.connect(Endpoint.parse("uart:" + pty.deviceA()), ConnectOptions.DEFAULT, loop, client);
                Link a = client.awaitOpen(WAIT);
                LinkPair.run(a, () -> a.write(ByteBuffer.wrap("after the replug".getBytes())));
                assertArrayEquals("after the replug".getBytes(), offered.get(1).awaitReceived(16, WAIT));
                LinkPair.run(second, () -> second.write(ByteBuffer.wrap("and back".getBytes())));
                assertArrayEquals("and back".getBytes(), client.awaitReceived(8, WAIT));
            } finally {
                listener.close();
            }
        }
    }

    @Test
    void rtsCtsFlowControlCanBeAskedForAndBytesStillFlow() throws Exception {
        try (SocatPair pty = new SocatPair()) {
            LinkRecorder ra = new LinkRecorder();
            LinkRecorder rb = new LinkRecorder();
            uart.connect(Endpoint.parse("uart:" + pty.deviceA() + "?baud=2000000&flow=rtscts"), ConnectOptions.DEFAULT, loop, ra);
            uart.connect(Endpoint.parse("uart:" + pty.deviceB() + "?baud=2000000&flow=rtscts"), ConnectOptions.DEFAULT, loop, rb);
            Link a = ra.awaitOpen(WAIT);
            rb.awaitOpen(WAIT);
            byte[] data = new byte[100_000];
            new java.util.SplittableRandom(3).nextBytes(data);
            LinkPair.run(a, () -> a.write(ByteBuffer.wrap(data)));
            assertArrayEquals(data, rb.awaitReceived(data.length, WAIT));
        }
    }
}
