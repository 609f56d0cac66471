package dev.strand.secure.streams.proxy;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.UPSTREAM_LINK_RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Loop;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamState;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.sss.SssLinkProfile;
import dev.strand.core.net.testing.SocatPair;
import dev.strand.secure.streams.proxy.MuxProxyBed.Carrier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SS proxy serving Serialized Secure Streams over the transport mux, end to end with real
 * parts: a Strand {@link SsProxyServer} listening on {@code uart:B} of a socat pty pair (or on
 * {@code mux+tcp:}), Strand SS proxy clients on {@code uart:A} (the endpoints written without
 * {@code mux+}), onward over raw TCP to an echo origin. Every stream sends numbered 1000-byte
 * records and checks the echo record by record.
 */
class ProxyOverMuxTest {

    private static final Duration WAIT = MuxProxyBed.WAIT;
    /** Loss must show within ping interval plus grace (600 ms); the bound is generous. */
    private static final Duration LOSS_BOUND = Duration.ofSeconds(5);
    /**
     * For loss seen only through the mux's PINGs: long enough not to take a loaded two-core machine
     * for a dead line, short enough to show loss within 2 s.
     */
    private static final String PINGED = "ping=1s&grace=1s&retry=300ms";
    /** Ping interval plus grace (2 s), and a generous margin. */
    private static final Duration PING_LOSS_BOUND = Duration.ofSeconds(6);

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void thirtyTwoStreamsAtOnceOnOneLinkGetEveryRecordBackByteForByte(Carrier carrier) throws Exception {
        try (MuxProxyBed bed = new MuxProxyBed(carrier, null, MuxProxyBed.STEADY)) {
            SsProxyClient client = bed.client();
            assertEquals(SssLinkProfile.MUX_CHANNEL, client.profile());
            List<NumberedEcho> apps = start(bed, client, 32, 8, false);
            NumberedEcho.await(apps, a -> a.count(CONNECTED) == 1, WAIT, "connected");
            assertEquals(32, MuxProxyBed.session(client).channelCount(), "32 channels at once on one link");
            apps.forEach(a -> a.send(24));
            NumberedEcho.await(apps, a -> a.received().size() == 24, WAIT, "got 24 records back");
            for (NumberedEcho a : apps) {
                assertNull(a.problem(), a::toString);
                assertEquals(List.of(CREATING, CONNECTING, CONNECTED), a.states(), a::toString);
            }
            client.close();
            NumberedEcho.await(apps, a -> a.count(DESTROYING) == 1, WAIT, "destroyed");
        }
    }

    @Test
    void aCutLineIsDetectedStreamsReconnectAndUndeliveredRecordsAreReportedAndNeverDuplicated() throws Exception {
        try (MuxProxyBed bed = new MuxProxyBed(Carrier.UART)) {
            SsProxyClient client = bed.client();
            // no window: each stream writes as fast as the link takes it, so that a frozen line fills up
            List<NumberedEcho> apps = start(bed, client, 12, Integer.MAX_VALUE, true);
            NumberedEcho.await(apps, a -> a.count(CONNECTED) == 1, WAIT, "connected");
            apps.forEach(a -> a.generate(true));
            NumberedEcho.await(apps, a -> a.received().size() >= 20, WAIT, "echoing");

            bed.pty.stop();
            Thread.sleep(150);
            long cut = System.nanoTime();
            bed.pty.cut();
            NumberedEcho.await(apps, a -> a.count(DISCONNECTED) == 1, WAIT, "disconnected");
            long detectedMs = (System.nanoTime() - cut) / 1_000_000;
            assertTrue(detectedMs <= LOSS_BOUND.toMillis(), "loss seen after " + detectedMs + " ms");
            apps.forEach(a -> a.generate(false));

            int reported = apps.stream().mapToInt(a -> a.undelivered().size()).sum();
            assertTrue(reported > 0, "records were in flight at the cut, and some had not left: " + apps);
            for (NumberedEcho a : apps) {
                List<String> events = a.events();
                int disconnected = events.indexOf("DISCONNECTED");
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).startsWith("undelivered")) {
                        assertTrue(i < disconnected, "reports come before DISCONNECTED: " + events);
                    }
                }
                Map<Integer, Integer> received = a.received();
                for (int n : a.undelivered()) {
                    assertTrue(!received.containsKey(n), "record " + n + " was reported undelivered yet came back: " + a);
                }
            }

            bed.pty.start();
            NumberedEcho.await(apps, a -> a.count(CONNECTED) == 2, WAIT, "connected again");
            apps.forEach(a -> a.send(10));
            NumberedEcho.await(apps, a -> a.idle() && a.received().keySet().containsAll(a.sentAfterLoss()), WAIT,
                    "got every record sent since the loss back");
            for (NumberedEcho a : apps) {
                assertNull(a.problem(), a::toString);
                assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), a.states(),
                        "one CREATING; DISCONNECTED at the cut, then (POLL, as an in-process retry) CONNECTING and"
                        + " CONNECTED again: " + a);
                Set<Integer> again = new HashSet<>(a.sentAfterLoss());
                assertEquals(a.sentAfterLoss().size(), again.size(), "nothing sent twice after the loss: " + a);
                assertTrue(again.containsAll(a.undelivered()), "every reported record was sent again: " + a);
                for (int n : a.sentAfterLoss()) {
                    assertEquals(1, a.received().get(n), "record " + n + " came back on the new link: " + a);
                }
            }
            client.close();
        }
    }

    /**
     * socat frozen, never killed: both devices stay open and nothing moves, so only the mux's
     * PINGs can tell. Each stream sees what lws's sspc shows when its link to the proxy drops and
     * comes back (secure-streams.md §1.6, §3.2; wire.md §4.4, §4.8): DISCONNECTED once, then, as
     * the reconnect of an in-process stream, POLL, CONNECTING, CONNECTED; never a second CREATING.
     * {@code UPSTREAM_LINK_RETRY} may come between (a transient notice while the proxy is not
     * reachable, never a tracked state).
     */
    @Test
    void aFrozenLineIsDetectedByMuxPingsStreamsSeeDisconnectedThenReconnectWhenItMovesAndCarryNewRecordsOnce()
            throws Exception {
        try (MuxProxyBed bed = new MuxProxyBed(Carrier.UART, null, PINGED); LogCapture log = new LogCapture()) {
            SsProxyClient client = bed.client();
            List<NumberedEcho> apps = start(bed, client, 8, 8, false);
            NumberedEcho.await(apps, a -> a.count(CONNECTED) == 1, WAIT, "connected");
            apps.forEach(a -> a.send(6));
            NumberedEcho.await(apps, a -> a.idle() && a.received().size() == 6, WAIT, "echoing");

            long frozen = System.nanoTime();
            bed.pty.stop();
            NumberedEcho.await(apps, a -> a.count(DISCONNECTED) == 1, WAIT, "disconnected");
            long detectedMs = (System.nanoTime() - frozen) / 1_000_000;
            assertTrue(detectedMs <= PING_LOSS_BOUND.toMillis(),
                    "loss seen by PINGs after " + detectedMs + " ms, bound " + PING_LOSS_BOUND.toMillis() + " ms");
            assertTrue(!MuxProxyBed.session(client).isLinkUp(), "the client's mux link is down");
            assertTrue(Files.exists(bed.pty.a()) && Files.exists(bed.pty.b()), "the devices never went away");
            List<String> losses = log.lines("link to proxy").stream()
                    .filter(l -> l.contains(bed.pty.deviceA()) && l.contains(" lost: ")).toList();
            assertEquals(apps.size(), losses.size(), "each stream lost its link once: " + losses);
            for (String line : losses) {
                assertTrue(line.contains("no PONG"), "the loss came from the mux's PINGs: " + line);
            }

            bed.pty.resume();
            NumberedEcho.await(apps, a -> a.count(CONNECTED) == 2, WAIT, "connected again");
            apps.forEach(a -> a.send(10));
            NumberedEcho.await(apps, a -> a.idle() && a.sentAfterLoss().size() == 10
                    && a.received().keySet().containsAll(a.sentAfterLoss()), WAIT, "got every new record back");
            for (NumberedEcho a : apps) {
                assertNull(a.problem(), "every record intact and none twice: " + a);
                List<StreamState> tracked = a.states().stream().filter(s -> !s.equals(UPSTREAM_LINK_RETRY)).toList();
                assertEquals(List.of(CREATING, CONNECTING, CONNECTED, DISCONNECTED, POLL, CONNECTING, CONNECTED), tracked,
                        "DISCONNECTED once at the loss, then POLL, CONNECTING, CONNECTED as lws's reconnect: " + a);
                assertEquals(new HashSet<>(a.sentAfterLoss()).size(), a.sentAfterLoss().size(), "nothing sent twice: " + a);
                for (int n : a.sentAfterLoss()) {
                    assertEquals(1, a.received().get(n), "record " + n + " came back on the new link: " + a);
                }
            }
            client.close();
        }
    }

    @Test
    void garbageAndTruncatedMuxFramesOnTheLineResetTheLinkAndStreamsRecover() throws Exception {
        try (MuxProxyBed bed = new MuxProxyBed(Carrier.UART)) {
            SsProxyClient client = bed.client();
            List<NumberedEcho> apps = start(bed, client, 8, 8, false);
            NumberedEcho.await(apps, a -> a.count(CONNECTED) == 1, WAIT, "connected");
            apps.forEach(a -> a.send(4));
            NumberedEcho.await(apps, a -> a.received().size() == 4, WAIT, "echoing");

            byte[] noise = "line noise, not the transport mux\r\n".repeat(30).getBytes(StandardCharsets.US_ASCII);
            SocatPair.injectFromAnotherProcess(bed.pty.b(), noise);
            NumberedEcho.await(apps, a -> a.count(DISCONNECTED) >= 1 && a.count(CONNECTED) >= 2, WAIT,
                    "reconnected after garbage towards the client");

            SocatPair.injectFromAnotherProcess(bed.pty.a(), noise);
            SocatPair.injectFromAnotherProcess(bed.pty.a(), new byte[] {(byte) 0xF5, (byte) 0xFF, 0, 64, 1, 2});
            SocatPair.injectFromAnotherProcess(bed.pty.b(), new byte[] {(byte) 0xF5, 0x10, (byte) 0xFF, (byte) 0xFF, 7});
            NumberedEcho.await(apps, a -> a.count(DISCONNECTED) >= 2 && a.count(CONNECTED) >= 3, WAIT,
                    "reconnected after garbage and truncated frames towards the proxy and the client");

            apps.forEach(a -> a.send(4));
            NumberedEcho.await(apps, a -> a.idle() && a.received().keySet().containsAll(a.sentAfterLoss())
                    && !a.sentAfterLoss().isEmpty(), WAIT, "echoing again");
            for (NumberedEcho a : apps) {
                assertNull(a.problem(), a::toString);
                assertEquals(1, a.count(CREATING), a::toString);
                assertEquals(0, a.count(DESTROYING), a::toString);
            }
            List<NumberedEcho> late = start(bed, client, 1, 8, false);
            NumberedEcho.await(late, a -> a.count(CONNECTED) == 1, WAIT, "a new stream connected");
            late.get(0).send(3);
            NumberedEcho.await(late, a -> a.received().size() == 3, WAIT, "the proxy still serves new streams");
            client.close();
        }
    }

    /** {@code n} streams of streamtype echo, created on the bed's client loops; ids go on from {@code first}. */
    private static List<NumberedEcho> start(MuxProxyBed bed, SsProxyClient client, int n, int window, boolean resend) {
        List<NumberedEcho> apps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NumberedEcho app = new NumberedEcho(i, window, resend);
            apps.add(app);
            Loop loop = bed.clientLoops.next();
            loop.execute(() -> client.create(StreamOptions.of("echo", app), loop));
        }
        return apps;
    }

    static boolean reached(NumberedEcho a, StreamState s) {
        return a.count(s) > 0;
    }
}
