package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.mux.internal.MuxWire;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The three-way PING of spec/wire.md §4.4, driven by a fake clock. */
class MuxLinkDetectionTest {

    @Test
    void theFirstPingGoesRightAfterStartWithResetInFrontBecauseTheLinkIsDown() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            byte[] out = w.take();
            assertEquals(10, out.length);
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(out, 2)));
            assertEquals(w.loop.monotonicMicros(), Hex.be64(out, 2), "PING carries the loop's monotonic us");
            assertFalse(w.session.isLinkUp());
        }
    }

    @Test
    void aPingIsAnsweredWithAPongThatEchoesItsEightBytesExactly() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.take();
            w.send("F6 01 23 45 67 89 AB CD EF");
            byte[] pong = w.take();
            assertEquals(MuxWire.PONG_SIZE, pong.length);
            assertEquals("F7 01 23 45 67 89 AB CD EF", Hex.of(Arrays.copyOf(pong, 9)));
            assertEquals(w.loop.monotonicMicros(), Hex.be64(pong, 9));
        }
    }

    @Test
    void aMatchingPongIsAnsweredWithPongAckCarryingWallClockAndTheLinkGoesUpWhenItIsSent() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            byte[] ping = w.take();
            long t = Hex.be64(ping, 2);
            w.send(Hex.concat(Hex.bytes("F7"), Hex.be64(t), Hex.be64(42)));
            byte[] ack = w.take();
            assertEquals("F8", Hex.of(Arrays.copyOf(ack, 1)));
            assertEquals(w.loop.currentTimeMicros(), Hex.be64(ack, 1), "PONGACK carries wall-clock us");
            assertTrue(w.session.isLinkUp());
        }
    }

    @Test
    void lwsProbePingThenPongWithAWrongEchoGetsAPongAndNoPongAck() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.take();
            // spec/wire.md §4.10: F6 00..05 ; F7 <wrong echo> <t>  ->  F7 00..05 <t> ; no F8
            w.send("F6 00 00 00 00 00 00 00 05 F7 00 00 00 00 00 00 00 06 00 00 00 00 00 00 00 07");
            byte[] out = w.take();
            assertEquals(MuxWire.PONG_SIZE, out.length, Hex.of(out));
            assertEquals("F7 00 00 00 00 00 00 00 05", Hex.of(Arrays.copyOf(out, 9)));
        }
    }

    @Test
    void aPongWithTheWrongEchoIsIgnored() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            long t = Hex.be64(w.take(), 2);
            w.send(Hex.concat(Hex.bytes("F7"), Hex.be64(t + 1), Hex.be64(42)));
            assertEquals("", w.takeHex(), "no PONGACK for a PONG that does not echo our PING");
            assertFalse(w.session.isLinkUp());
        }
    }

    @Test
    void aPongAckFromThePeerBringsTheLinkUpAndIsOfferedAsThePeerClockCompensatedByHalfTheRoundTrip() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.take();
            w.send("F6 00 00 00 00 00 00 00 07");
            w.take();
            w.advanceMillis(3);
            long wall = 0x00066121_24C06B01L;
            w.send(Hex.concat(Hex.bytes("F8"), Hex.be64(wall)));
            assertTrue(w.session.isLinkUp());
            PeerClock clock = w.session.peerClock().orElseThrow();
            assertEquals(wall, clock.peerWallMicros());
            assertEquals(w.loop.monotonicMicros(), clock.receivedMonotonicMicros());
            assertEquals(3_000, clock.roundTripMicros(), "from our PONG out to their PONGACK in");
            w.advanceMillis(1500);
            assertEquals(wall + 1_500_000 + 1_500, clock.estimateWallMicros(w.loop.monotonicMicros()),
                    "lws HEAD would say wall + 1.5 s; half the 3 ms round trip is added");
        }
    }

    @Test
    void aHealthyLinkIsPingedEveryIntervalWithoutReset() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            w.advance(Duration.ofMillis(9_999));
            assertEquals("", w.takeHex());
            w.advance(Duration.ofMillis(1));
            byte[] ping = w.take();
            assertEquals(MuxWire.PING_SIZE, ping.length, "no RESET in front while up: " + Hex.of(ping));
            assertEquals((byte) MuxWire.PING, ping[0]);
        }
    }

    @Test
    void noPongWithinTheGraceTakesTheLinkDownAndClosesEveryChannel() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe a = w.openChannel(0xFF);
            ChannelProbe b = w.openChannel(0xFE);
            a.write(new byte[] {1, 2, 3});
            w.advance(Duration.ofSeconds(10));
            w.take();
            w.advance(Duration.ofMillis(1_999));
            assertTrue(w.session.isLinkUp());
            w.advance(Duration.ofMillis(1));
            assertFalse(w.session.isLinkUp(), "down after interval + grace");
            for (ChannelProbe p : new ChannelProbe[] {a, b}) {
                assertTrue(p.closed);
                assertInstanceOf(MuxLinkDownException.class, p.closeCause());
                assertFalse(p.link.isOpen());
            }
            assertEquals(0, w.session.channelCount());
        }
    }

    @Test
    void whileDownResetAndPingGoOutEveryRetryPlusGrace() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.take();
            w.advance(Duration.ofSeconds(2));
            assertEquals("", w.takeHex(), "grace expired, next PING only after the retry delay");
            w.advance(Duration.ofMillis(1_999));
            assertEquals("", w.takeHex());
            w.advance(Duration.ofMillis(1));
            byte[] out = w.take();
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(out, 2)));
            w.advance(Duration.ofSeconds(4));
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(w.take(), 2)), "every 4 s with lws's 2 s + 2 s");
        }
    }

    @Test
    void resetTransportFromThePeerTakesTheLinkDownAndClosesItsChannels() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(5);
            w.send("F9");
            assertFalse(w.session.isLinkUp());
            assertTrue(c.closed);
            assertTrue(c.closeCause().getMessage().contains("RESET_TRANSPORT"), c.closeCause().getMessage());
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(w.take(), 2)), "recovers with RESET + PING at once");
        }
    }

    @Test
    void intervalGraceAndRetryAreSettings() throws Exception {
        MuxSettings fast = MuxSettings.DEFAULT.withPing(Duration.ofMillis(300), Duration.ofMillis(100))
                .withRetryAfterDown(Duration.ofMillis(50));
        try (WireEnd w = WireEnd.client(fast)) {
            w.bringUp();
            w.advance(Duration.ofMillis(300));
            assertEquals(MuxWire.PING_SIZE, w.take().length);
            w.advance(Duration.ofMillis(100));
            assertFalse(w.session.isLinkUp(), "down 400 ms after the last exchange");
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(w.take(), 2)), "RESET + PING at once");
            w.advance(Duration.ofMillis(49));
            assertEquals("", w.takeHex());
            w.advance(Duration.ofMillis(1));
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(w.take(), 2)), "again after the retry delay");
            w.advance(Duration.ofMillis(149));
            assertEquals("", w.takeHex());
            w.advance(Duration.ofMillis(1));
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(w.take(), 2)), "then every grace + retry");
        }
    }

    @Test
    void aSideThatWentDownSendsItsResetBeforeAnsweringThePeersPing() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            w.openChannel(0xFF);
            // corrupted bytes, then the peer's regular PING: our RESET must reach the peer before our PONG
            w.send("42 F6 00 00 00 00 00 00 00 33");
            assertEquals(java.util.List.of("RESET_TRANSPORT", "PING", "PONG"), Frames.kinds(Frames.split(w.take())));
        }
    }

    @Test
    void aPongAckThatArrivesBeforeOurResetIsOutDoesNotBringTheLinkUp() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            w.openChannel(0xFF);
            // corrupted bytes and the peer's PONGACK in one read: no write opportunity in between
            w.send("42 F8 00 06 61 21 24 C0 6B 01");
            assertFalse(w.session.isLinkUp(), "the peer has not heard our RESET yet: its channels may still live");
            assertEquals("RESET_TRANSPORT", Frames.kinds(Frames.split(w.take())).get(0));
            w.send("F8 00 06 61 21 24 C0 6B 02");
            assertTrue(w.session.isLinkUp(), "a PONGACK after our RESET brings it up");
        }
    }

    @Test
    void bothSidesPingIndependentlyAndTheirExchangesMayInterleave() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            long ours = w.bringUp();
            w.advance(Duration.ofSeconds(10));
            long second = Hex.be64(w.take(), 1);
            // the peer's PING arrives before its PONG to ours, as in the golden capture at 22:14:08.669
            w.send(Hex.concat(Hex.bytes("F6"), Hex.be64(0x803E2C2BL),
                    Hex.bytes("F7"), Hex.be64(second), Hex.be64(0x803E2D8BL)));
            byte[] out = w.take();
            assertArrayEquals(Hex.concat(Hex.bytes("F7"), Hex.be64(0x803E2C2BL)), Arrays.copyOf(out, 9));
            assertEquals((byte) MuxWire.PONGACK, out[MuxWire.PONG_SIZE]);
            assertEquals(MuxWire.PONG_SIZE + MuxWire.PONGACK_SIZE, out.length);
            assertTrue(second > ours);
            assertTrue(w.session.isLinkUp());
        }
    }
}
