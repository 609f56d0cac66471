package dev.strand.secure.streams.proxy;

import static dev.strand.api.ss.StreamState.CONNECTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.StreamOptions;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.sss.SssEncoder;
import dev.strand.core.net.sss.SssFrameType;
import dev.strand.core.net.sss.SssWire;
import dev.strand.core.net.testing.GoldenCapture;
import dev.strand.core.net.testing.GoldenCapture.Chunk;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.secure.streams.proxy.MuxProxyBed.Carrier;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real SS proxy on {@code uart:B} of a socat pty pair, and on {@code uart:A} a peer that
 * writes the transport mux and Serialized Secure Streams byte by byte: what lws clients send,
 * including what crashes an lws proxy, and the client side of a capture of real lws traffic.
 */
class ProxyOverUartRawPeerTest {

    private static final Duration WAIT = MuxProxyBed.WAIT;
    private static final int CH = 0xFF;

    @Test
    void lwsMuxProxyNullDereferenceDataBeforeChannelAckIsServedByTheRealProxy() throws Exception {
        try (MuxProxyBed bed = new MuxProxyBed(Carrier.UART)) {
            try (RawMuxPeer peer = new RawMuxPeer(bed.pty.deviceA())) {
                bringUp(peer);
                // CHANNEL_REQ and the STREAMTYPE on that channel in one write, before any CHANNEL_ACK
                peer.send(concat(hex("F0 FF"), mux(CH, streamType("echo"))));
                peer.awaitFrame(0, f -> Arrays.equals(f, hex("F1 FF")), WAIT, "CHANNEL_ACK");
                List<byte[]> frames = sss(peer.awaitChannel(CH, 8, WAIT));
                assertEquals(SssFrameType.CREATE_RESULT.code(), frames.get(0)[0] & 0xFF, "CREATE_RESULT first");
                assertEquals(SssWire.CREATE_OK, frames.get(0)[3], "the streamtype was created");

                peer.send(mux(CH, hex("AB 00 00")));
                awaitFrame(peer, hex("57 00 05 05 00 00 00 00"), "CONNSTATE CONNECTED");
                byte[] hello = "hello before the ack".getBytes(StandardCharsets.US_ASCII);
                peer.send(mux(CH, txPayload(hello)));
                byte[] echoed = awaitRx(peer, hello.length);
                assertArrayEquals(hello, echoed, "the stream works: ONWARD_CONNECT, TX, and the echo");
            }
            SsProxyClient client = bed.client();
            NumberedEcho app = new NumberedEcho(0, 4, false);
            Loop loop = bed.clientLoops.next();
            loop.execute(() -> client.create(StreamOptions.of("echo", app), loop));
            NumberedEcho.await(List.of(app), a -> a.count(CONNECTED) == 1, WAIT, "connected");
            app.send(2);
            NumberedEcho.await(List.of(app), a -> a.received().size() == 2, WAIT, "echoed");
            client.close();
        }
    }

    static Stream<Arguments> malformedOnAChannel() {
        return Stream.of(MalformedVectors.named("from-client", "unknown type 0x42"),
                MalformedVectors.named("from-client", "hkStella04 rideshare name of 200 bytes"));
    }

    /**
     * spec/wire.md §2.8 and §4.8: an lws proxy reached over the mux ignores its SSS parser's hang-up,
     * so the offending channel stays open with a stuck parser that discards everything after it
     * (observed after {@code 42 00 00}). The Strand proxy closes that channel alone: CHANNEL_CLOSE,
     * one warning naming the channel, no RESET_TRANSPORT (the link and its other channels stay up),
     * and the index opens again once the peer acknowledges the close.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedOnAChannel")
    void lwsMuxProxyIgnoresParserHangUpsStrandClosesOnlyThatChannel(String name, boolean created, byte[] bad,
                                                                   String problem) throws Exception {
        int bystander = 0xFE;
        try (MuxProxyBed bed = new MuxProxyBed(Carrier.UART);
             RawMuxPeer peer = new RawMuxPeer(bed.pty.deviceA())) {
            int up = bringUp(peer);
            openChannel(peer, bystander, true);
            openChannel(peer, CH, created);
            int before = peer.frames().size();
            try (LogCapture log = new LogCapture()) {
                peer.send(mux(CH, bad));
                peer.awaitFrame(before, f -> Arrays.equals(f, hex("F3 FF")), WAIT, "CHANNEL_CLOSE for channel 0xFF");
                List<String> warnings = log.warnings("dev.strand.core.net.sss");
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains(problem), warnings.get(0));
                assertTrue(warnings.get(0).contains("#chFF"), "names the channel: " + warnings.get(0));
            }

            peer.send(mux(bystander, hex("AB 00 00")));
            awaitFrame(peer, bystander, hex("57 00 05 05 00 00 00 00"), "CONNSTATE CONNECTED on the other channel");
            byte[] hello = "the other channel carries on".getBytes(StandardCharsets.US_ASCII);
            peer.send(mux(bystander, txPayload(hello)));
            assertArrayEquals(hello, awaitRx(peer, bystander, hello.length));

            int closeAcked = peer.frames().size();
            long resultsBefore = createResults(peer, CH);
            peer.send(concat(hex("F4 FF F0 FF"), mux(CH, streamType("echo"))));
            peer.awaitFrame(closeAcked, f -> Arrays.equals(f, hex("F1 FF")), WAIT, "CHANNEL_ACK reopening 0xFF");
            awaitCondition(() -> createResults(peer, CH) == resultsBefore + 1, "CREATE_RESULT on the reopened 0xFF", peer);
            assertTrue(peer.frames().subList(up + 1, peer.frames().size()).stream()
                    .noneMatch(f -> (f[0] & 0xFF) == 0xF9), "no RESET_TRANSPORT once the link was up: " + peer.kinds());
        }
    }

    /**
     * The client side of golden/lws/c-uart-plain-binance.raw.txt (an lws LWS_ONLY_SSPC client over
     * the mux on a pty) into the real Strand proxy, with a policy whose {@code binance} streamtype
     * is nailed up as in the default policy, but carried onward as raw TCP to a local origin (the
     * ws binding is another issue's). Compared with what the lws proxy answered: the PONG echoing
     * the client's PING, CHANNEL_ACK, and on channel 0xFF the SSS stream (reassembled from its MUX
     * frames, whose grouping lws and Strand choose freely) byte for byte up to CONNECTED:
     * CREATE_RESULT (client_buflen 0, rideshare list ",binance"), CREATING, CONNECTING, CONNECTED.
     * Not compared: the feed's RX_PAYLOADs (ws messages from a binance-like origin).
     */
    @Test
    void theLwsUartClientsBytesGetTheAnswersTheLwsProxyGaveUpToConnected() throws Exception {
        // socat -x -v log of the UART: '<' is client to proxy
        List<Chunk> capture = GoldenCapture.socat("c-uart-plain-binance.raw.txt", false);
        try (EchoOrigin feed = new EchoOrigin();
             MuxProxyBed bed = new MuxProxyBed(Carrier.UART, binancePolicy(feed.port()));
             RawMuxPeer peer = new RawMuxPeer(bed.pty.deviceA())) {
            List<byte[]> client = new ArrayList<>();
            List<byte[]> proxy = new ArrayList<>();
            for (Chunk c : capture) {
                (c.clientToProxy() ? client : proxy).addAll(muxFrames(c.bytes()));
            }
            byte[] ping = client.get(1);
            assertEquals("F6", String.format("%02X", ping[0]), "the lws client's RESET + PING open its capture");
            peer.send(concat(client.get(0), ping));
            int pong = peer.awaitFrame(0, f -> (f[0] & 0xFF) == 0xF7 && Arrays.equals(f, 1, 9, ping, 1, 9),
                    WAIT, "a PONG echoing the capture's PING");
            assertEquals(proxy.get(2).length, peer.frames().get(pong).length, "PONG as lws sent it");
            assertArrayEquals(Arrays.copyOf(proxy.get(2), 9), Arrays.copyOf(peer.frames().get(pong), 9));
            peer.send(client.get(2));
            peer.send(client.get(3));
            assertArrayEquals(hex("F0 FF"), client.get(3));
            peer.awaitFrame(pong, f -> Arrays.equals(f, proxy.get(3)), WAIT, "CHANNEL_ACK as lws sent it (F1 FF)");
            peer.send(client.get(4));

            byte[] lws = channelPayload(proxy, CH);
            List<byte[]> lwsFrames = sss(lws).subList(0, 4);
            int upToConnected = lwsFrames.stream().mapToInt(f -> f.length).sum();
            byte[] strand = peer.awaitChannel(CH, upToConnected, WAIT);
            List<byte[]> strandFrames = sss(Arrays.copyOf(strand, upToConnected));
            for (int i = 0; i < lwsFrames.size(); i++) {
                assertEquals(HexFormat.ofDelimiter(" ").formatHex(lwsFrames.get(i)),
                        HexFormat.ofDelimiter(" ").formatHex(strandFrames.get(i)), "SSS frame " + i + " on channel 0xFF");
            }
        }
    }

    // ---- the peer's part of the protocol

    /**
     * Waits for the proxy's PING (answered by the peer) and the PONGACK that follows: the proxy's mux
     * link is up. Returns the PONGACK's index among the peer's frames.
     */
    private static int bringUp(RawMuxPeer peer) throws InterruptedException {
        int ping = peer.awaitFrame(0, f -> (f[0] & 0xFF) == 0xF6, WAIT, "a PING from the proxy");
        return peer.awaitFrame(ping, f -> (f[0] & 0xFF) == 0xF8, WAIT, "the proxy's PONGACK after our PONG");
    }

    /** CHANNEL_REQ for {@code ch}, its ACK, and if {@code withStream} a STREAMTYPE 'echo' created on it. */
    private static void openChannel(RawMuxPeer peer, int ch, boolean withStream) throws InterruptedException {
        int from = peer.frames().size();
        peer.send(new byte[] {(byte) 0xF0, (byte) ch});
        peer.awaitFrame(from, f -> (f[0] & 0xFF) == 0xF1 && (f[1] & 0xFF) == ch, WAIT, "CHANNEL_ACK " + ch);
        if (withStream) {
            peer.send(mux(ch, streamType("echo")));
            List<byte[]> frames = sss(peer.awaitChannel(ch, 8, WAIT));
            assertEquals(SssFrameType.CREATE_RESULT.code(), frames.get(0)[0] & 0xFF, "CREATE_RESULT first");
            assertEquals(SssWire.CREATE_OK, frames.get(0)[3], "the streamtype was created");
        }
    }

    private static long createResults(RawMuxPeer peer, int ch) {
        return sss(peer.channel(ch)).stream().filter(f -> (f[0] & 0xFF) == SssFrameType.CREATE_RESULT.code()).count();
    }

    private static void awaitCondition(BooleanSupplier done, String what, RawMuxPeer peer)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + "; frames " + peer.kinds());
            }
            Thread.sleep(10);
        }
    }

    /** Waits for an SSS frame equal to {@code frame} on channel 0xFF. */
    private static void awaitFrame(RawMuxPeer peer, byte[] frame, String what) throws InterruptedException {
        awaitFrame(peer, CH, frame, what);
    }

    /** Waits for an SSS frame equal to {@code frame} on channel {@code ch}. */
    private static void awaitFrame(RawMuxPeer peer, int ch, byte[] frame, String what) throws InterruptedException {
        awaitCondition(() -> sss(peer.channel(ch)).stream().anyMatch(f -> Arrays.equals(f, frame)),
                what + " on channel " + ch, peer);
    }

    /** Waits for RX_PAYLOAD frames on channel 0xFF carrying {@code n} payload bytes; returns their payload. */
    private static byte[] awaitRx(RawMuxPeer peer, int n) throws InterruptedException {
        return awaitRx(peer, CH, n);
    }

    /** Waits for RX_PAYLOAD frames on channel {@code ch} carrying {@code n} payload bytes; returns their payload. */
    private static byte[] awaitRx(RawMuxPeer peer, int ch, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ByteArrayOutputStream rx = new ByteArrayOutputStream();
            for (byte[] f : sss(peer.channel(ch))) {
                if ((f[0] & 0xFF) == SssFrameType.RX_PAYLOAD.code()) {
                    rx.write(f, SssWire.PAYLOAD_HEADER_SIZE, f.length - SssWire.PAYLOAD_HEADER_SIZE);
                }
            }
            if (rx.size() >= n) {
                return rx.toByteArray();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no RX_PAYLOAD of " + n + " bytes; frames " + peer.kinds());
            }
            Thread.sleep(10);
        }
    }

    private static byte[] streamType(String name) {
        ByteBuffer b = ByteBuffer.allocate(SssEncoder.streamTypeSize(name));
        SssEncoder.streamType(b, 0, SssWire.DEFAULT_INITIAL_TX_CREDIT, name);
        return b.array();
    }

    private static byte[] txPayload(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(SssWire.PAYLOAD_HEADER_SIZE + payload.length);
        SssEncoder.payloadHeader(b, SssFrameType.TX_PAYLOAD, PayloadFlags.SOM | PayloadFlags.EOM, 0, 0, null, payload.length);
        return b.put(payload).array();
    }

    /** A MUX frame: F5, channel, 16-bit length, payload (spec/wire.md §4.1). */
    private static byte[] mux(int ch, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).put((byte) 0xF5).put((byte) ch).putShort((short) payload.length)
                .put(payload).array();
    }

    /** Splits an SSS byte stream into frames: type, 16-bit rem, rem bytes (spec/wire.md §1.2). */
    private static List<byte[]> sss(byte[] stream) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at + 3 <= stream.length; ) {
            int size = 3 + ((stream[at + 1] & 0xFF) << 8 | stream[at + 2] & 0xFF);
            if (at + size > stream.length) {
                break;
            }
            out.add(Arrays.copyOfRange(stream, at, at + size));
            at += size;
        }
        return out;
    }

    /** Splits a mux byte stream into frames (spec/wire.md §4.1). */
    private static List<byte[]> muxFrames(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < b.length; ) {
            int size = switch (b[at] & 0xFF) {
                case 0xF0, 0xF1, 0xF2, 0xF3, 0xF4 -> 2;
                case 0xF5 -> 4 + ((b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF);
                case 0xF6, 0xF8 -> 9;
                case 0xF7 -> 17;
                case 0xF9 -> 1;
                default -> throw new IllegalArgumentException(String.format("0x%02X at %d is no mux command", b[at], at));
            };
            out.add(Arrays.copyOfRange(b, at, at + size));
            at += size;
        }
        return out;
    }

    private static byte[] channelPayload(List<byte[]> frames, int ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            if ((f[0] & 0xFF) == 0xF5 && (f[1] & 0xFF) == ch) {
                out.write(f, 4, f.length - 4);
            }
        }
        return out.toByteArray();
    }

    private static Policy binancePolicy(int port) throws Exception {
        return PolicyLoader.load("{ \"retry\": [ { \"forever\": { \"backoff\": [1000], \"conceal\": 65535 } } ],"
                + " \"s\": [ { \"binance\": { \"endpoint\": \"127.0.0.1\", \"port\": " + port
                + ", \"protocol\": \"raw\", \"nailed_up\": true, \"retry\": \"forever\" } } ] }");
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
