package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.mux.internal.MuxWire;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one writer on the underlying link (spec/wire.md §4.7) and per-channel flow control. */
class MuxWritingTest {

    @Test
    void controlFramesGoBeforeChannelData() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(1);
            w.raw.setReading(false);
            c.write(new byte[100_000]);
            w.loop.runPending();
            assertTrue(((Channel) c.link).queuedBytes() > 0, "the underlying link is full, data waits");
            w.send("F6 00 00 00 00 00 00 00 05 F5 09 00 00");
            w.raw.setReading(true);
            List<byte[]> frames = Frames.split(w.take());
            List<String> kinds = Frames.kinds(frames);
            int pong = kinds.indexOf("PONG");
            assertEquals("NACK", kinds.get(pong + 1), kinds.toString());
            assertEquals("MUX", kinds.get(pong + 2), "data only after the control frames");
            assertTrue(pong > 0 && kinds.subList(0, pong).stream().allMatch("MUX"::equals), kinds.toString());
            assertArrayEquals(Hex.concat(Hex.bytes("F7"), Hex.be64(5)), java.util.Arrays.copyOf(frames.get(pong), 9));
            assertEquals("F2 09", Hex.of(frames.get(pong + 1)));
        }
    }

    @Test
    void channelsTakeTurnsOneFrameEach() throws Exception {
        MuxSettings small = MuxSettings.DEFAULT.withMaxFramePayload(4);
        try (WireEnd w = WireEnd.server(small)) {
            w.bringUp();
            ChannelProbe a = w.acceptChannel(1);
            ChannelProbe b = w.acceptChannel(2);
            a.write(Hex.bytes("A1 A2 A3 A4 A5 A6 A7 A8 A9"));
            b.write(Hex.bytes("B1 B2 B3 B4 B5"));
            assertEquals("F5 01 00 04 A1 A2 A3 A4 F5 02 00 04 B1 B2 B3 B4 F5 01 00 04 A5 A6 A7 A8 "
                    + "F5 02 00 01 B5 F5 01 00 01 A9", w.takeHex());
        }
    }

    @Test
    void smallWritesQueuedTogetherShareAFrameAndLargeOnesAreSplit() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(3);
            c.write(Hex.bytes("01 02"));
            c.write(Hex.bytes("03"));
            assertEquals("F5 03 00 03 01 02 03", w.takeHex());
            byte[] big = new byte[5000];
            new java.util.SplittableRandom(1).nextBytes(big);
            c.write(big);
            byte[] out = w.take();
            assertEquals(5000 + 3 * MuxWire.MUX_HEADER_SIZE, out.length, "2048 + 2048 + 904");
            assertEquals("F5 03 08 00", Hex.of(java.util.Arrays.copyOf(out, 4)));
            assertEquals("F5 03 08 00", Hex.of(java.util.Arrays.copyOfRange(out, 2052, 2056)));
            assertEquals("F5 03 03 88", Hex.of(java.util.Arrays.copyOfRange(out, 4104, 4108)));
        }
    }

    @Test
    void theLargestFrameCarries65535BytesAndNoMore() throws Exception {
        try (WireEnd w = WireEnd.server(MuxSettings.DEFAULT.withMaxFramePayload(MuxWire.MAX_PAYLOAD)
                .withChannelBuffers(1 << 20, 1 << 20))) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(3);
            c.write(new byte[70_000]);
            byte[] out = w.take();
            assertEquals("F5 03 FF FF", Hex.of(java.util.Arrays.copyOf(out, 4)));
            assertEquals("F5 03 11 71", Hex.of(java.util.Arrays.copyOfRange(out, 65539, 65543)));
            assertEquals(70_000 + 8, out.length);
        }
    }

    @Test
    void aChannelIsNotWritableAboveItsHighWaterMarkAndIsToldWhenItDrains() throws Exception {
        try (WireEnd w = WireEnd.server(MuxSettings.DEFAULT.withChannelBuffers(1000, 1 << 20))) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(1);
            ChannelProbe other = w.acceptChannel(2);
            w.raw.setReading(false);
            int written = 0;
            while (c.link.write(ByteBuffer.wrap(new byte[500]))) {
                written += 500;
                w.loop.runPending();
                assertTrue(written < 1_000_000, "backpressure never came");
            }
            assertFalse(c.link.isWritable());
            assertFalse(other.link.isWritable(), "the shared underlying link is full for every channel");
            c.link.requestWrite();
            w.loop.runPending();
            assertEquals(0, c.writableEvents);
            w.raw.setReading(true);
            w.take();
            assertEquals(1, c.writableEvents);
            assertTrue(c.link.isWritable());
        }
    }

    @Test
    void requestWriteOnAWritableChannelGivesOneWritableEvent() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(1);
            c.link.requestWrite();
            c.link.requestWrite();
            w.loop.runPending();
            assertEquals(1, c.writableEvents);
        }
    }

    @Test
    void pausingOneChannelsReadsHoldsOnlyThatChannel() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe a = w.acceptChannel(1);
            ChannelProbe b = w.acceptChannel(2);
            a.link.setReading(false);
            w.send("F5 01 00 02 A1 A2 F5 02 00 01 B1 F5 01 00 01 A3");
            assertEquals(0, a.received.size());
            assertArrayEquals(Hex.bytes("B1"), b.take());
            a.link.setReading(true);
            w.loop.runPending();
            assertArrayEquals(Hex.bytes("A1 A2 A3"), a.take());
        }
    }

    @Test
    void aPausedChannelThatBuffersBeyondItsReceiveLimitIsAbortedAlone() throws Exception {
        try (WireEnd w = WireEnd.server(MuxSettings.DEFAULT.withChannelBuffers(1 << 16, 8))) {
            w.bringUp();
            ChannelProbe a = w.acceptChannel(1);
            ChannelProbe b = w.acceptChannel(2);
            a.link.setReading(false);
            w.send("F5 01 00 05 01 02 03 04 05 F5 01 00 05 06 07 08 09 0A F5 02 00 01 B1");
            assertInstanceOf(MuxChannelException.class, a.closeCause());
            assertEquals("F3 01", w.takeHex());
            assertFalse(b.closed);
            assertArrayEquals(Hex.bytes("B1"), b.take());
            assertTrue(w.session.isLinkUp());
        }
    }

    @Test
    void dataBeforeTheAckBeyondTheReceiveLimitRefusesThatChannel() throws Exception {
        try (WireEnd w = WireEnd.server(MuxSettings.DEFAULT.withChannelBuffers(1 << 16, 4))) {
            w.take();
            w.send("F0 0C F5 0C 00 05 01 02 03 04 05");
            assertEquals("F2 0C", w.takeHex(), "NACKs go out even while the link is down, as in lws");
            w.send("F6 00 00 00 00 00 00 00 01");
            w.take();
            w.send("F8 00 00 00 00 00 00 00 02");
            assertEquals("", w.takeHex(), "the refused channel is not acknowledged");
            assertEquals(0, w.accepted.size());
        }
    }

    @Test
    void aHandlerThatThrowsAbortsOnlyItsOwnChannel() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            w.nextProbe = new ChannelProbe() {
                @Override
                public void onRead(dev.strand.api.transport.Link l, ByteBuffer data) {
                    throw new IllegalStateException("handler bug");
                }
            };
            ChannelProbe bad = w.acceptChannel(1);
            ChannelProbe good = w.acceptChannel(2);
            w.send("F5 01 00 01 A1 F5 02 00 01 B1");
            assertInstanceOf(IllegalStateException.class, bad.closeCause());
            assertEquals("F3 01", w.takeHex());
            assertArrayEquals(Hex.bytes("B1"), good.take());
            assertFalse(good.closed);
            assertTrue(w.session.isLinkUp());
        }
    }

    @Test
    void writesAfterTheLinkWentDownAreDroppedAndReportedAsAClosedLink() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe c = w.openChannel(0xFF);
            w.advance(Duration.ofSeconds(12));
            assertInstanceOf(MuxLinkDownException.class, c.closeCause());
            assertFalse(c.link.write(ByteBuffer.wrap(new byte[] {1})));
            assertFalse(c.link.isOpen());
        }
    }
}
