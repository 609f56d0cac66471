package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.transport.LinkLostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a channel learns when the mux link under it goes down: a {@link MuxLinkDownException}
 * (a {@link LinkLostException}) counting the bytes written to it that never left the process:
 * those still queued in the channel, and those of its MUX frames the underlying link says it never
 * sent. Bytes the underlying link had already passed on count for nothing.
 */
class MuxLinkLossReportTest {

    @Test
    void bytesStillQueuedInAChannelWhenPingsFailAreCountedAsUnsent() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(0x20);
            ChannelProbe idle = w.acceptChannel(0x21);
            w.raw.setReading(false);
            c.write(new byte[200_000]);
            w.loop.runPending();
            assertTrue(((Channel) c.link).queuedBytes() > 0, "the underlying link is full: data waits in the channel");

            w.advance(MuxSettings.DEFAULT.pingInterval().plus(MuxSettings.DEFAULT.pongGrace()).plusMillis(1));
            w.raw.setReading(true);
            long framed = payloadOf(Frames.split(w.take()), 0x20);

            MuxLinkDownException why = assertInstanceOf(MuxLinkDownException.class, c.closeCause());
            assertTrue(why.getMessage().contains("no PONG"), why.getMessage());
            assertEquals(200_000 - framed, why.unsentBytes(), "what never went into a MUX frame");
            assertEquals(0, assertInstanceOf(MuxLinkDownException.class, idle.closeCause()).unsentBytes());
        }
    }

    @Test
    void framesTheUnderlyingLinkNeverSentAreCountedForTheirChannels() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe a = w.acceptChannel(0x10);
            ChannelProbe b = w.acceptChannel(0x11);
            ChannelProbe c = w.acceptChannel(0x12);
            a.write(new byte[100]);
            w.take();
            b.write(new byte[50]);
            c.write(new byte[7]);
            List<byte[]> frames = Frames.split(w.take());
            assertEquals(List.of("MUX", "MUX"), Frames.kinds(frames), "b then c, one frame each");

            // the link never sent c's frame (4 + 7 bytes) and the last 30 bytes of b's
            w.sessionLink.abort(new LinkLostException("serial device went away", 11 + 30));
            w.loop.runPending();

            assertEquals(0, unsent(a), "a's frame had left");
            assertEquals(30, unsent(b), "the tail of b's frame: payload only, the header had left");
            assertEquals(7, unsent(c), "c's whole frame, of which 7 bytes are payload");
            assertTrue(a.closeCause().getMessage().contains("underlying link"), a.closeCause().getMessage());
        }
    }

    @Test
    void anUnderlyingLinkThatCannotCountLeavesOnlyTheChannelsOwnQueue() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe a = w.acceptChannel(0x10);
            a.write(new byte[100]);
            w.take();
            w.sessionLink.abort(new java.io.IOException("reset"));
            w.loop.runPending();
            assertEquals(0, unsent(a));
        }
    }

    @Test
    void aCountLargerThanEverythingWrittenBlamesOnlyTheFramesTheLedgerHolds() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe a = w.acceptChannel(0x10);
            for (int i = 0; i < WriteLedger.CAPACITY + 10; i++) {
                a.write(new byte[] {(byte) i});
                w.take();
            }
            w.sessionLink.abort(new LinkLostException("gone", Long.MAX_VALUE));
            w.loop.runPending();
            assertEquals(WriteLedger.CAPACITY, unsent(a), "one payload byte per remembered frame, no more");
        }
    }

    @Test
    void aLinkLostWithNothingUnsentReportsNothingForAnyChannel() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe a = w.acceptChannel(0x10);
            a.write(new byte[100]);
            w.take();
            w.sessionLink.abort(new LinkLostException("gone", 0));
            w.loop.runPending();
            assertEquals(0, unsent(a));
            w.advance(Duration.ofSeconds(1));
        }
    }

    private static long unsent(ChannelProbe p) {
        return assertInstanceOf(MuxLinkDownException.class, p.closeCause()).unsentBytes();
    }

    private static long payloadOf(List<byte[]> frames, int channel) {
        return frames.stream().filter(f -> (f[0] & 0xFF) == 0xF5 && (f[1] & 0xFF) == channel)
                .mapToLong(f -> f.length - 4).sum();
    }
}
