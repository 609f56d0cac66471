package dev.strand.core.net.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.loop.ManualLoop;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays golden/lws/c-uart-plain-binance.raw.txt: a real lws client (LWS_ONLY_SSPC) and a real
 * lws proxy speaking the mux over a pty pair ({@code >} is proxy to client, {@code <} client to
 * proxy). One side's bytes are fed, at their capture times on a fake clock, to a Strand session
 * in the other role; what the Strand session writes must be what lws wrote, frame by frame.
 * Channel payloads (SSS) are opaque here: the replay writes lws's payloads into the channel and
 * checks that they come out framed exactly as lws framed them, and that the payloads received
 * are lws's, byte for byte. Time fields are checked for range: PING and PONG times within 50 ms
 * of lws's (the fake clock follows the capture), PONGACK a wall-clock time within a day of lws's;
 * PING echoes in PONGs must be exact.
 */
class MuxGoldenReplayTest {

    private static final String CAPTURE = "/golden/lws/c-uart-plain-binance.raw.txt";
    /** RESET, PING, PONG, ACK, 98 MUX, PING, PONG, PONGACK. */
    private static final int PROXY_FRAMES = 105;
    /** RESET, PING, PONGACK, REQ, MUX, PING, PONG, PONGACK. */
    private static final int CLIENT_FRAMES = 8;

    @Test
    void aStrandServerAnswersTheLwsClientAsTheLwsProxyDid() throws Exception {
        List<SocatCapture.Chunk> chunks = SocatCapture.read(CAPTURE);
        SocatCapture.Chunk first = chunks.get(0);
        assertEquals('>', first.direction(), "the proxy pinged first");
        Replay r = new Replay(chunks, '>', first.micros(), Hex.be64(first.bytes(), 2), false);
        r.run(0);

        assertEquals(1, r.end.accepted.size());
        assertArrayEquals(Hex.bytes("AA 00 10 01 00 00 2B 07 1D CD 65 00 62 69 6E 61 6E 63 65"),
                r.end.accepted.get(0).take(), "STREAMTYPE 'binance' reached the channel");
        PeerClock clock = r.end.session.peerClock().orElseThrow();
        assertEquals(0x00066121_2559_03B7L, clock.peerWallMicros(), "the client's last PONGACK");
        r.compare(PROXY_FRAMES);
    }

    @Test
    void aStrandClientAnswersTheLwsProxyAsTheLwsClientDid() throws Exception {
        List<SocatCapture.Chunk> chunks = SocatCapture.read(CAPTURE);
        int start = 0;
        while (chunks.get(start).direction() != '<') {
            start++;
        }
        // the proxy's first RESET + PING predates the lws client, which never answered it
        SocatCapture.Chunk first = chunks.get(start);
        Replay r = new Replay(chunks, '<', first.micros(), Hex.be64(first.bytes(), 2), true);
        r.run(start);

        ChannelProbe channel = r.clientChannels.get(0);
        assertArrayEquals(r.lwsPayloads('>', 0xFF), channel.take(), "every RX byte for channel 0xFF arrived");
        PeerClock clock = r.end.session.peerClock().orElseThrow();
        assertEquals(0x00066121_2559_0468L, clock.peerWallMicros(), "the proxy's PONGACK");
        r.compare(CLIENT_FRAMES);
    }

    /** Drives one replay: {@code ours} is the direction the Strand session plays. */
    private static final class Replay {
        final List<SocatCapture.Chunk> chunks;
        final char ours;
        final long t0;
        final long clockAtT0;
        final WireEnd end;
        final ByteArrayOutputStream strand = new ByteArrayOutputStream();
        final ByteArrayOutputStream lws = new ByteArrayOutputStream();
        final List<ChannelProbe> clientChannels = new ArrayList<>();
        long lastPing;

        Replay(List<SocatCapture.Chunk> chunks, char ours, long t0, long firstPingMicros, boolean client)
                throws Exception {
            this.chunks = chunks;
            this.ours = ours;
            this.t0 = t0;
            this.clockAtT0 = firstPingMicros;
            ManualLoop loop = new ManualLoop();
            loop.advance(Duration.ofNanos((firstPingMicros - loop.monotonicMicros()) * 1000));
            end = client ? WireEnd.client(loop, MuxSettings.DEFAULT) : WireEnd.server(loop, MuxSettings.DEFAULT);
            collect();
            assertEquals(firstPingMicros, lastPing, "the first PING carries the capture's time");
        }

        void run(int from) {
            for (SocatCapture.Chunk c : chunks.subList(from, chunks.size())) {
                long target = clockAtT0 + (c.micros() - t0);
                if (target > end.loop.monotonicMicros()) {
                    end.loop.advance(Duration.ofNanos((target - end.loop.monotonicMicros()) * 1000));
                }
                collect();
                if (c.direction() == ours) {
                    lws.writeBytes(c.bytes());
                    act(c.bytes());
                } else {
                    end.send(withOurPingEchoed(c.bytes()));
                }
                collect();
            }
        }

        /** What the application did for lws at this point: open a channel, write a payload. */
        private void act(byte[] lwsWrote) {
            for (byte[] f : Frames.split(lwsWrote)) {
                int cmd = f[0] & 0xFF;
                if (cmd == 0xF0) {
                    ChannelProbe p = end.requestChannel();
                    clientChannels.add(p);
                } else if (cmd == 0xF5) {
                    ChannelProbe p = end.session.isClient() ? clientChannels.get(0) : end.accepted.get(0);
                    assertEquals(f[1] & 0xFF, p.channel().index());
                    p.write(Arrays.copyOfRange(f, 4, f.length));
                    collect();
                }
            }
        }

        /** A PONG from lws echoes lws's PING time; the Strand session must see its own. */
        private byte[] withOurPingEchoed(byte[] in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] f : Frames.split(in)) {
                if ((f[0] & 0xFF) == 0xF7 && Hex.be64(f, 1) != lastPing) {
                    System.arraycopy(Hex.be64(lastPing), 0, f, 1, 8);
                }
                out.writeBytes(f);
            }
            return out.toByteArray();
        }

        private void collect() {
            byte[] b = end.take();
            for (byte[] f : Frames.split(b)) {
                if ((f[0] & 0xFF) == 0xF6) {
                    lastPing = Hex.be64(f, 1);
                }
            }
            strand.writeBytes(b);
        }

        byte[] lwsPayloads(char direction, int channel) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (SocatCapture.Chunk c : chunks) {
                if (c.direction() == direction) {
                    for (byte[] f : Frames.split(c.bytes())) {
                        if ((f[0] & 0xFF) == 0xF5 && (f[1] & 0xFF) == channel) {
                            out.write(f, 4, f.length - 4);
                        }
                    }
                }
            }
            return out.toByteArray();
        }

        void compare(int frames) {
            List<byte[]> expected = Frames.split(lws.toByteArray());
            List<byte[]> actual = Frames.split(strand.toByteArray());
            assertEquals(frames, expected.size(), "frames lws wrote in this role");
            assertEquals(Frames.kinds(expected), Frames.kinds(actual), "the same frames in the same order");
            for (int i = 0; i < expected.size(); i++) {
                byte[] e = expected.get(i);
                byte[] a = actual.get(i);
                String where = "frame " + i + ": lws " + Hex.of(e) + " / strand " + Hex.of(a);
                assertEquals(e.length, a.length, where);
                switch (e[0] & 0xFF) {
                    case 0xF6 -> assertNear(Hex.be64(e, 1), Hex.be64(a, 1), 50_000, where);
                    case 0xF7 -> {
                        assertArrayEquals(Arrays.copyOf(e, 9), Arrays.copyOf(a, 9), "exact echo, " + where);
                        assertNear(Hex.be64(e, 9), Hex.be64(a, 9), 50_000, where);
                    }
                    case 0xF8 -> assertNear(Hex.be64(e, 1), Hex.be64(a, 1), 86_400_000_000L, where);
                    default -> assertArrayEquals(e, a, where);
                }
            }
        }

        private static void assertNear(long expected, long actual, long tolerance, String where) {
            assertTrue(Math.abs(expected - actual) <= tolerance, "time field off by " + (actual - expected) + " us, " + where);
        }
    }
}
