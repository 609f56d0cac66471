package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.mux.internal.MuxWire;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Corrupted and truncated bytes (spec/wire.md §4.8): the link goes down, every channel closes, and
 * the link recovers the lws way with nothing new on the wire: RESET_TRANSPORT and PINGs until a
 * three-way PING succeeds.
 */
class MuxCorruptionTest {

    @Test
    void anUnknownCommandTakesTheLinkDownAndResetWithPingFollowsAtOnce() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(3);
            w.send("42");
            assertFalse(w.session.isLinkUp());
            assertInstanceOf(MuxLinkDownException.class, c.closeCause());
            assertInstanceOf(MuxProtocolException.class, c.closeCause().getCause());
            assertTrue(c.closeCause().getCause().getMessage().contains("0x42"), c.closeCause().getCause().getMessage());
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(w.take(), 2)), "the peer hears of it at once");
            w.advance(Duration.ofMillis(1_999));
            assertEquals("", w.takeHex());
            w.advance(Duration.ofMillis(1));
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(w.take(), 2)), "2 s later, as lws (§4.10)");
            w.advance(Duration.ofMillis(3_999));
            assertEquals("", w.takeHex());
            w.advance(Duration.ofMillis(1));
            assertEquals("F9 F6", Hex.of(Arrays.copyOf(w.take(), 2)), "then every grace + retry, as lws");
        }
    }

    @Test
    void garbageClosesEveryChannelAndAThreeWayPingRecoversTheLink() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe a = w.openChannel(0xFF);
            ChannelProbe b = w.openChannel(0xFE);
            byte[] garbage = new byte[4096];
            new SplittableRandom(7).nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] &= 0x7F;
            }
            w.send(garbage);
            assertFalse(w.session.isLinkUp());
            assertTrue(a.closed && b.closed);
            assertEquals(0, w.session.channelCount());
            recoverWithThreeWayPing(w);
            ChannelProbe fresh = w.openChannel(0xFF);
            fresh.write(Hex.bytes("01 02 03"));
            assertEquals("F5 FF 00 03 01 02 03", w.takeHex());
        }
    }

    @Test
    void aTruncatedFrameSwallowsWhatFollowsUntilTheStreamFallsOutOfStepThenRecovers() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(1);
            // a MUX frame announcing 16 bytes that carries 2, then two whole frames and a PING:
            // as in lws, the parser takes the next 14 bytes as payload and then reads 0x00 as a command
            w.send("F5 01 00 10 AA BB F5 01 00 02 CC DD F5 01 00 02 EE 00 00 00 00 00 00 00 00 07");
            assertArrayEquals(Hex.bytes("AA BB F5 01 00 02 CC DD F5 01 00 02 EE 00 00 00"), c.take());
            assertFalse(w.session.isLinkUp(), "out of step: link down");
            assertTrue(c.closed);
            recoverWithThreeWayPing(w);
            ChannelProbe again = w.acceptChannel(1);
            w.send("F5 01 00 02 CC DD");
            assertArrayEquals(Hex.bytes("CC DD"), again.take());
        }
    }

    @Test
    void aCommandTruncatedByALostByteIsRecoveredFrom() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            w.acceptChannel(9);
            // a PING that lost its last 3 bytes, followed by a channel request: the parser completes
            // the PING with the request's bytes and goes on from there
            w.send("F6 00 00 00 00 00 F0 09 F0 0A 11");
            List<byte[]> out = Frames.split(w.take());
            assertEquals(List.of("RESET_TRANSPORT", "PING", "PONG"), Frames.kinds(out));
            assertEquals("F7 00 00 00 00 00 F0 09 F0", Hex.of(Arrays.copyOf(out.get(2), 9)), "answered as lws would");
            assertFalse(w.session.isLinkUp(), "0x0A then 0x11 are no commands");
            recover(w, out);
            w.acceptChannel(9);
        }
    }

    @Test
    void randomNoiseNeverCrashesTheSessionAndTheLinkRecoversOnceTheStreamIsInStepAgain() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            for (int i = 1; i <= 8; i++) {
                w.acceptChannel(i);
            }
            SplittableRandom random = new SplittableRandom(42);
            byte[] noise = new byte[512 * 1024];
            random.nextBytes(noise);
            for (int off = 0; off < noise.length; ) {
                int n = Math.min(noise.length - off, 1 + random.nextInt(2000));
                w.send(Arrays.copyOfRange(noise, off, off + n));
                w.take();
                off += n;
                if (random.nextInt(8) == 0) {
                    w.advance(Duration.ofMillis(random.nextInt(3000)));
                }
            }
            // whatever state the noise left the parser in, 64 KiB + 16 zero bytes bring it back in step
            w.send(new byte[MuxWire.MAX_PAYLOAD + 17]);
            assertFalse(w.session.isLinkUp());
            List<byte[]> out = Frames.split(w.take());
            for (int i = 0; i < 20 && !Frames.kinds(out).contains("PING"); i++) {
                w.advance(Duration.ofMillis(500));
                out = Frames.split(w.take());
            }
            recover(w, out);
            ChannelProbe c = w.acceptChannel(0x80);
            w.send("F5 80 00 01 5A");
            assertArrayEquals(Hex.bytes("5A"), c.take());
        }
    }

    @Test
    void aCorruptedLengthIsAbandonedOncePingsFailWhileDownSoRecoveryDoesNotWaitFor64KiB() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            w.send("42 F5 99 FF FF");
            List<byte[]> out = Frames.split(w.take());
            assertEquals(List.of("RESET_TRANSPORT", "PING", "NACK"), Frames.kinds(out));
            long t = Hex.be64(out.get(1), 1);
            w.send(Hex.concat(Hex.bytes("F7"), Hex.be64(t), Hex.be64(1)));
            assertEquals("", w.takeHex(), "the PONG vanished into the corrupted frame, as in lws");
            w.advance(Duration.ofSeconds(2));
            w.advance(Duration.ofSeconds(2));
            recoverWithThreeWayPing(w);
        }
    }

    @Test
    void lostCoherenceFromTheUnderlyingLinkTakesTheMuxLinkDownWithoutClosingIt() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(2);
            w.session.onLostCoherence(w.sessionLink);
            assertFalse(w.session.isLinkUp());
            assertTrue(c.closed);
            assertTrue(w.sessionLink.isOpen(), "the underlying link stays open");
            recoverWithThreeWayPing(w);
        }
    }

    /**
     * The session is down and has just sent RESET + PING: the peer answers it, and also pings
     * (RESET in front, as a downed lws peer does) and gets its PONG.
     */
    private static void recoverWithThreeWayPing(WireEnd w) {
        List<byte[]> frames = Frames.split(w.take());
        assertEquals(List.of("RESET_TRANSPORT", "PING"), Frames.kinds(frames), "recovery starts with RESET + PING");
        recover(w, frames);
    }

    /** Answers the last PING among {@code frames} (which the session has just written). */
    private static void recover(WireEnd w, List<byte[]> frames) {
        List<String> kinds = Frames.kinds(frames);
        int ping = kinds.lastIndexOf("PING");
        assertTrue(ping > 0 && kinds.get(ping - 1).equals("RESET_TRANSPORT"), "RESET in front of the PING: " + kinds);
        long t = Hex.be64(frames.get(ping), 1);
        w.send(Hex.concat(Hex.bytes("F9 F6"), Hex.be64(0x1234), Hex.bytes("F7"), Hex.be64(t), Hex.be64(0x1235)));
        List<byte[]> answer = Frames.split(w.take());
        assertEquals(List.of("PONG", "PONGACK"), Frames.kinds(answer).subList(0, 2),
                "then ACKs for channel requests recorded while down: " + Frames.kinds(answer));
        assertArrayEquals(Hex.concat(Hex.bytes("F7"), Hex.be64(0x1234)), Arrays.copyOf(answer.get(0), 9));
        assertTrue(w.session.isLinkUp(), "up again after the three-way PING");
        w.send(Hex.concat(Hex.bytes("F8"), Hex.be64(0x0006612124C06B01L)));
    }
}
