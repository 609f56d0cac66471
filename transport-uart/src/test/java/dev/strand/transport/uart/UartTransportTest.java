package dev.strand.transport.uart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.testing.LinkPair;
import dev.strand.core.net.testing.LinkRecorder;
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
    void aConnectedLinkClosesWithAnIOExceptionWhenTheDeviceGoesAway() throws Exception {
        try (SocatPair pty = new SocatPair()) {
            LinkRecorder r = new LinkRecorder();
            uart.connect(Endpoint.parse("uart:" + pty.deviceA()), ConnectOptions.DEFAULT, loop, r);
            r.awaitOpen(WAIT);
            pty.kill();
            Throwable why = r.awaitClosed(WAIT);
            assertInstanceOf(IOException.class, why);
            assertTrue(why.getMessage().contains("went away"), why.getMessage());
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
