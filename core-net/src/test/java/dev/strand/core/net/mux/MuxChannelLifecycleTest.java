package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Opening and closing channels (spec/wire.md §4.5), the other mux probes of §4.10 as an lws peer
 * sends them, and the lws proxy crash of §2.8. Where lws's answer is a defect, Strand's better
 * answer is asserted and the lws answer named.
 */
class MuxChannelLifecycleTest {

    // ---- client side ----

    @Test
    void aClientAllocatesChannelsFrom255Downward() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            w.openChannel(0xFF);
            w.openChannel(0xFE);
            w.openChannel(0xFD);
        }
    }

    @Test
    void aClientSendsChannelRequestsOnlyOnceTheLinkIsUp() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            ChannelProbe p = w.requestChannel();
            byte[] ping = w.take();
            assertEquals(10, ping.length, "only RESET + PING while down");
            w.send(Hex.concat(Hex.bytes("F7"), java.util.Arrays.copyOfRange(ping, 2, 10), Hex.be64(1)));
            byte[] out = w.take();
            assertEquals("F8", Hex.of(java.util.Arrays.copyOf(out, 1)));
            assertEquals("F0 FF", Hex.of(java.util.Arrays.copyOfRange(out, 9, out.length)),
                    "the REQ follows the PONGACK that brought the link up");
            assertNull(p.link);
        }
    }

    @Test
    void aClientNeverWritesDataBeforeTheChannelAck() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe p = w.requestChannel();
            assertEquals("F0 FF", w.takeHex());
            assertNull(p.link, "the user gets no link to write to before CHANNEL_ACK");
            w.advance(Duration.ofSeconds(1));
            assertEquals("", w.takeHex());
            w.send("F1 FF");
            p.write(Hex.bytes("AB 00 00"));
            assertEquals("F5 FF 00 03 AB 00 00", w.takeHex());
        }
    }

    @Test
    void aNackForOurRequestFailsTheConnectAndFreesTheIndex() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe p = w.requestChannel();
            assertEquals("F0 FF", w.takeHex());
            w.send("F2 FF");
            assertInstanceOf(MuxChannelException.class, p.connectFailure);
            assertEquals(0, w.session.channelCount());
            w.openChannel(0xFF);
        }
    }

    @Test
    void noAckWithinTheConnectTimeoutFailsTheConnect() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe p = w.requestChannel();
            w.take();
            w.advance(Duration.ofSeconds(10));
            assertInstanceOf(MuxChannelException.class, p.connectFailure);
            assertTrue(p.connectFailure.getMessage().contains("CHANNEL_ACK"), p.connectFailure.getMessage());
        }
    }

    @Test
    void aRequestWaitingForTheLinkFailsAfterTheConnectTimeoutNamingWhy() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            ChannelProbe p = w.requestChannel();
            w.advance(Duration.ofSeconds(10));
            assertInstanceOf(MuxChannelException.class, p.connectFailure);
            assertTrue(p.connectFailure.getMessage().contains("not up"), p.connectFailure.getMessage());
        }
    }

    @Test
    void aClientRefusesChannelRequestsFromItsPeer() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            w.send("F0 07");
            assertEquals("F2 07", w.takeHex());
        }
    }

    @Test
    void anAckOrNackForAChannelNeverAskedForIsIgnored() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            w.send("F1 33 F2 34");
            assertEquals("", w.takeHex());
            assertEquals(0, w.session.channelCount());
            assertTrue(w.session.isLinkUp());
        }
    }

    @Test
    void theChannelCapRefusesAConnectBeyondItAtOnce() throws Exception {
        try (WireEnd w = WireEnd.client(MuxSettings.DEFAULT.withMaxChannels(2))) {
            w.bringUp();
            w.openChannel(0xFF);
            w.openChannel(0xFE);
            ChannelProbe third = w.requestChannel();
            assertInstanceOf(MuxChannelException.class, third.connectFailure);
            assertTrue(third.connectFailure.getMessage().contains("limit"), third.connectFailure.getMessage());
            assertEquals("", w.takeHex());
        }
    }

    // ---- server side ----

    @Test
    void aServerAnswersChannelRequestWithAckAndOffersTheChannel() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(0xFF);
            assertEquals(0xFF, c.channel().index());
            w.send("F5 FF 00 03 AB 00 00");
            assertArrayEquals(Hex.bytes("AB 00 00"), c.take());
            c.write(Hex.bytes("57 00 05 01 00 00 00 00"));
            assertEquals("F5 FF 00 08 57 00 05 01 00 00 00 00", w.takeHex());
        }
    }

    @Test
    void anyChannelIndexFrom0To255IsAcceptedFromThePeer() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            for (int i : new int[] {0, 1, 0x7F, 0x80, 0xFE, 0xFF}) {
                w.acceptChannel(i);
            }
            assertEquals(6, w.session.channelCount());
        }
    }

    @Test
    void aSecondRequestForAnOpenChannelGetsNoReply() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            w.send("F0 05");
            assertEquals("F1 05", w.takeHex());
            w.send("F0 05");
            assertEquals("", w.takeHex());
            assertEquals(1, w.accepted.size());
            w.send("F0 07 F0 07");
            assertEquals("F1 07", w.takeHex(), "a second request while the first is pending is ignored too");
            assertEquals(2, w.accepted.size());
        }
    }

    @Test
    void dataForAChannelThatWasNeverOpenedIsNacked() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            w.send("F5 10 00 03 AB 00 00");
            assertEquals("F2 10", w.takeHex());
            assertTrue(w.session.isLinkUp());
        }
    }

    @Test
    void lwsMuxProxyNullDereferenceDataBeforeChannelAckIsKeptUntilTheChannelOpens() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            // spec/wire.md §2.8: REQ and data in one write, before the proxy has sent its ACK
            w.send("F0 0C F5 0C 00 10 AA 00 0D 01 00 00 53 70 1D CD 65 00 65 63 68 6F");
            assertEquals("F1 0C", w.takeHex());
            assertEquals(1, w.accepted.size());
            assertArrayEquals(Hex.bytes("AA 00 0D 01 00 00 53 70 1D CD 65 00 65 63 68 6F"), w.accepted.get(0).take());
            assertTrue(w.session.isLinkUp());
        }
    }

    @Test
    void channelRequestsWhileTheLinkIsDownAreAckedOnceItIsUp() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.take();
            w.send("F0 21");
            assertEquals("", w.takeHex());
            w.send("F6 00 00 00 00 00 00 00 01");
            w.take();
            w.send("F8 00 00 00 00 00 00 00 02");
            assertEquals("F1 21", w.takeHex());
        }
    }

    @Test
    void theChannelCapRefusesRequestsBeyondItWithNack() throws Exception {
        try (WireEnd w = WireEnd.server(MuxSettings.DEFAULT.withMaxChannels(3))) {
            w.bringUp();
            w.acceptChannel(1);
            w.acceptChannel(2);
            w.acceptChannel(3);
            w.send("F0 04");
            assertEquals("F2 04", w.takeHex());
            assertEquals(3, w.accepted.size());
        }
    }

    @Test
    void theDefaultCapIsLwsLimitOf253() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            StringBuilder req = new StringBuilder();
            for (int i = 0; i < 256; i++) {
                req.append(String.format("F0 %02X ", i));
            }
            w.send(req.toString());
            StringBuilder expected = new StringBuilder("F2 FD F2 FE F2 FF");
            for (int i = 0; i < 253; i++) {
                expected.append(String.format(" F1 %02X", i));
            }
            assertEquals(expected.toString(), w.takeHex(), "NACKs go before channel control (§4.7)");
            assertEquals(253, w.accepted.size());
        }
    }

    // ---- closing ----

    @Test
    void lwsNeverAnswersChannelCloseStrandAnswersWithCloseAckAndFreesTheChannel() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(5);
            w.send("F3 05");
            assertEquals("F4 05", w.takeHex(), "lws sends nothing here (§4.5); Strand acknowledges");
            assertTrue(c.closed);
            assertNull(c.closeCause(), "the peer's close is an orderly close");
            assertEquals(0, w.session.channelCount());
            w.acceptChannel(5);
        }
    }

    @Test
    void closingAChannelSendsItsQueuedDataThenCloseAndTheIndexIsReusedAfterCloseAck() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe c = w.openChannel(0xFF);
            c.write(Hex.bytes("01 02 03"));
            c.link.close();
            assertFalse(c.link.isOpen());
            assertEquals("F5 FF 00 03 01 02 03 F3 FF", w.takeHex());
            assertTrue(c.closed);
            assertNull(c.closeCause());
            assertEquals(1, w.session.channelCount(), "the index stays taken until CLOSE_ACK");
            w.openChannel(0xFE);
            w.send("F4 FF");
            assertEquals(1, w.session.channelCount());
            w.openChannel(0xFF);
        }
    }

    @Test
    void aChannelClosedTowardsAnLwsPeerKeepsItsIndexUntilTheLinkResets() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe c = w.openChannel(0xFF);
            c.link.close();
            assertEquals("F3 FF", w.takeHex());
            w.send("F5 FF 00 02 55 55");
            assertEquals("", w.takeHex(), "late data for a closing channel is dropped, not NACKed");
            w.openChannel(0xFE);
            w.send("F9");
            assertEquals(0, w.session.channelCount(), "link reset frees every index");
            w.send("F6 00 00 00 00 00 00 00 09");
            w.take();
            w.send("F8 00 00 00 00 00 00 00 09");
            w.openChannel(0xFF);
        }
    }

    @Test
    void aCloseForAnUnknownChannelIsAnsweredWithCloseAckSoAStrandPeerFreesIt() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            w.send("F3 42");
            assertEquals("F4 42", w.takeHex());
        }
    }

    @Test
    void aCloseForAChannelThatIsNotOpenYetIsIgnoredAsLwsDoes() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe p = w.requestChannel();
            assertEquals("F0 FF", w.takeHex());
            w.send("F3 FF");
            assertEquals("", w.takeHex(), "no CLOSE_ACK for a channel still waiting for its ACK (§4.5)");
            assertEquals(1, w.session.channelCount());
            assertNull(p.connectFailure);
            w.send("F1 FF");
            p.write(Hex.bytes("AB 00 00"));
            assertEquals("F5 FF 00 03 AB 00 00", w.takeHex(), "the ACK that follows opens it as usual");
        }
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            w.send("F0 06 F3 06");
            assertEquals("F1 06", w.takeHex(), "a CLOSE before our ACK is sent changes nothing");
            assertEquals(1, w.accepted.size());
            assertFalse(w.accepted.get(0).closed);
        }
    }

    @Test
    void simultaneousClosesFreeTheChannelOnBothSides() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe c = w.openChannel(0xFF);
            c.link.close();
            assertEquals("F3 FF", w.takeHex());
            w.send("F3 FF");
            assertEquals("F4 FF", w.takeHex());
            assertEquals(0, w.session.channelCount());
            w.send("F4 FF");
            assertEquals(0, w.session.channelCount());
        }
    }

    @Test
    void abortDropsQueuedDataAndClosesWithTheCause() throws Exception {
        try (WireEnd w = WireEnd.client()) {
            w.bringUp();
            ChannelProbe c = w.openChannel(0xFF);
            c.write(new byte[100]);
            IllegalStateException why = new IllegalStateException("test abort");
            c.link.abort(why);
            assertEquals("F3 FF", w.takeHex());
            assertEquals(why, c.closeCause());
        }
    }

    @Test
    void lwsNackAsFinOnAnOpenChannelClosesAndFreesItSoARequestReopensIt() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe c = w.acceptChannel(5);
            w.send("F2 05");
            assertTrue(c.closed);
            assertInstanceOf(MuxChannelException.class, c.closeCause());
            // lws answers neither (§4.10: "F2 05 ; F0 05 -> no reply"); Strand frees the index
            w.send("F0 05");
            assertEquals("F1 05", w.takeHex());
            assertEquals(2, w.accepted.size());
        }
    }

    @Test
    void linkDownClosesEveryChannelAndUnsentWritesAreLost() throws Exception {
        try (WireEnd w = WireEnd.server()) {
            w.bringUp();
            ChannelProbe a = w.acceptChannel(1);
            ChannelProbe b = w.acceptChannel(2);
            w.raw.setReading(false);
            a.write(new byte[70_000]);
            w.loop.runPending();
            w.send("F9");
            assertInstanceOf(MuxLinkDownException.class, a.closeCause());
            assertInstanceOf(MuxLinkDownException.class, b.closeCause());
            assertFalse(a.link.write(java.nio.ByteBuffer.wrap(new byte[] {1})), "writing to a closed channel does nothing");
            assertEquals(0, w.session.channelCount());
        }
    }
}
