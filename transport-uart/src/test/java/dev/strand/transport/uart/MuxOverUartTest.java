package dev.strand.transport.uart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.core.net.mux.MuxChannel;
import dev.strand.core.net.mux.MuxLinkDownException;
import dev.strand.core.net.mux.MuxSession;
import dev.strand.core.net.testing.LinkRecorder;
import dev.strand.core.net.testing.SocatPair;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The transport mux over real serial links: a socat pty pair between a Strand client mux and a
 * Strand server mux. PINGs every 300 ms with 300 ms grace, so that loss shows within 600 ms (the
 * bulk test allows a long grace instead); the bounds asserted are generous.
 */
class MuxOverUartTest {

    private static final String FAST = "ping=300ms&grace=300ms&retry=300ms";
    /** For carrying data: a PONG may wait behind a full line on a loaded machine, so the grace is long. */
    private static final String STEADY = "ping=1s&grace=10s&retry=300ms";
    private static final Duration LOSS_BOUND = Duration.ofSeconds(5);

    @Test
    void fortyChannelsAtOnceCarryByteExactPayloadsBothWays() throws Exception {
        try (MuxOverPty m = new MuxOverPty(STEADY)) {
            List<LinkRecorder> clients = new ArrayList<>();
            List<byte[]> payloads = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(40);
            for (int i = 0; i < 40; i++) {
                LinkRecorder r = new LinkRecorder();
                clients.add(r);
                m.mux.connect(m.clientEndpoint(), ConnectOptions.DEFAULT.withConnectTimeout(MuxOverPty.WAIT), m.clientLoop, r);
            }
            for (int i = 0; i < 40; i++) {
                Link link = clients.get(i).awaitOpen(MuxOverPty.WAIT);
                byte[] p = new byte[1 + random.nextInt(30_000)];
                random.nextBytes(p);
                payloads.add(p);
                MuxOverPty.write(link, p);
            }
            for (int i = 0; i < 40; i++) {
                assertArrayEquals(payloads.get(i), clients.get(i).awaitReceived(payloads.get(i).length, MuxOverPty.WAIT),
                        "channel " + i + " echoed byte for byte");
            }
            assertEquals(40, m.serverChannels.size());
            long serverBytes = m.serverChannels.stream().mapToLong(LinkRecorder::receivedCount).sum();
            assertEquals(payloads.stream().mapToLong(p -> p.length).sum(), serverBytes);
        }
    }

    @Test
    void killingSocatClosesEveryChannelAndAfterRestartNewChannelsCarryEveryPayload() throws Exception {
        try (MuxOverPty m = new MuxOverPty(FAST)) {
            List<LinkRecorder> before = openSome(m, 8);
            long cut = System.nanoTime();
            m.pty.kill();
            for (LinkRecorder r : before) {
                assertInstanceOf(MuxLinkDownException.class, r.awaitClosed(MuxOverPty.WAIT));
            }
            for (LinkRecorder r : m.serverChannels) {
                assertInstanceOf(MuxLinkDownException.class, r.awaitClosed(MuxOverPty.WAIT));
            }
            assertWithin(cut, LOSS_BOUND, "every channel closed");
            m.pty.start();
            exchangeOnNewChannels(m, 8);
        }
    }

    @Test
    void aFrozenLineIsDetectedByPingsWithinIntervalPlusGraceAndTheLinkRecoversWhenItMovesAgain() throws Exception {
        try (MuxOverPty m = new MuxOverPty(FAST)) {
            List<LinkRecorder> before = openSome(m, 4);
            MuxSession client = ((MuxChannel) before.get(0).awaitOpen(MuxOverPty.WAIT)).session();
            long stop = System.nanoTime();
            m.pty.stop();
            for (LinkRecorder r : before) {
                Throwable why = r.awaitClosed(MuxOverPty.WAIT);
                assertInstanceOf(MuxLinkDownException.class, why);
                assertTrue(why.getMessage().contains("no PONG"), why.getMessage());
            }
            assertWithin(stop, LOSS_BOUND, "loss detected by PINGs");
            assertTrue(!client.isLinkUp());
            m.pty.resume();
            LinkRecorder.Await.until(client::isLinkUp, MuxOverPty.WAIT, () -> "link up again after socat continues");
            exchangeOnNewChannels(m, 4);
        }
    }

    @Test
    void garbageFromAThirdWriterOnTheLineResetsTheLinkAndItRecovers() throws Exception {
        try (MuxOverPty m = new MuxOverPty(FAST)) {
            List<LinkRecorder> before = openSome(m, 4);
            byte[] garbage = "this is not the transport mux, it is line noise\r\n".repeat(40)
                    .getBytes(StandardCharsets.US_ASCII);
            SocatPair.injectFromAnotherProcess(m.pty.b(), garbage);
            for (LinkRecorder r : before) {
                assertInstanceOf(MuxLinkDownException.class, r.awaitClosed(MuxOverPty.WAIT));
            }
            exchangeOnNewChannels(m, 4);
            int serverChannelsBefore = m.serverChannels.size();
            // a truncated MUX frame towards the server: it announces 64 bytes and carries 2
            SocatPair.injectFromAnotherProcess(m.pty.a(), new byte[] {(byte) 0xF5, (byte) 0xFF, 0, 64, 1, 2});
            Thread.sleep(200);
            for (int i = 0; i < 3; i++) {
                exchangeOnNewChannels(m, 2);
            }
            assertTrue(m.serverChannels.size() > serverChannelsBefore);
        }
    }

    @Test
    void aChannelToAnAbsentDeviceFailsNamingTheDevice() throws Exception {
        try (MuxOverPty m = new MuxOverPty(FAST)) {
            LinkRecorder r = new LinkRecorder();
            m.mux.connect(dev.strand.api.Endpoint.parse("mux+uart:/dev/strand-absent-tty"), ConnectOptions.DEFAULT,
                    m.clientLoop, r);
            Throwable why = r.connectFailed.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(why.getMessage().contains("/dev/strand-absent-tty"), why.getMessage());
        }
    }

    private static List<LinkRecorder> openSome(MuxOverPty m, int n) throws Exception {
        List<LinkRecorder> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LinkRecorder r = new LinkRecorder();
            Link link = m.open(r);
            byte[] hello = ("hello " + i).getBytes(StandardCharsets.US_ASCII);
            MuxOverPty.write(link, hello);
            r.awaitReceived(hello.length, MuxOverPty.WAIT);
            out.add(r);
        }
        return out;
    }

    /** Opens {@code n} new channels (waiting for the link to come back) and checks an echo on each. */
    private static void exchangeOnNewChannels(MuxOverPty m, int n) throws Exception {
        SplittableRandom random = new SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            LinkRecorder r = new LinkRecorder();
            Link link = m.open(r);
            byte[] p = new byte[1 + random.nextInt(20_000)];
            random.nextBytes(p);
            MuxOverPty.write(link, p);
            assertArrayEquals(p, r.awaitReceived(p.length, MuxOverPty.WAIT), "new channel " + i + " intact");
        }
    }

    private static void assertWithin(long startNanos, Duration bound, String what) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(ms <= bound.toMillis(), what + " after " + ms + " ms, bound " + bound.toMillis() + " ms");
    }
}
