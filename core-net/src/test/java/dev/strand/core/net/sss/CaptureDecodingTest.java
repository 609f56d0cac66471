package dev.strand.core.net.sss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.sss.FrameLog.Frame;
import dev.strand.core.net.testing.GoldenCapture;
import dev.strand.core.net.testing.GoldenCapture.AnnotatedFrame;
import dev.strand.core.net.testing.GoldenCapture.Chunk;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every frame of every capture of real lws traffic decodes, whichever way its bytes are split or
 * joined, into what the capture's own annotation lists; and every decoded frame encodes back to
 * the very bytes lws wrote.
 */
class CaptureDecodingTest {

    @ParameterizedTest
    @EnumSource(Captures.class)
    void everyFrameDecodesTheSameWholeByteByByteAndInRandomSplits(Captures capture) throws Exception {
        List<Chunk> chunks = capture.chunks();
        for (boolean clientToProxy : new boolean[] {true, false}) {
            byte[] bytes = GoldenCapture.stream(chunks, clientToProxy);
            List<Frame> whole = decode(clientToProxy, List.of(bytes));
            assertFalse(whole.isEmpty(), capture + " has frames both ways");
            assertEquals(whole, decode(clientToProxy, asWritten(chunks, clientToProxy)), "as written");
            assertEquals(whole, decode(clientToProxy, split(bytes, new int[] {1})), "byte by byte");
            Random random = new Random(capture.ordinal());
            for (int round = 0; round < 25; round++) {
                int[] sizes = random.ints(16, 1, 2 + random.nextInt(3000)).toArray();
                assertEquals(whole, decode(clientToProxy, split(bytes, sizes)), "split round " + round);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Captures.class)
    void decodedFramesMatchTheCapturesAnnotation(Captures capture) throws Exception {
        List<Chunk> chunks = capture.chunks();
        for (boolean clientToProxy : new boolean[] {true, false}) {
            List<AnnotatedFrame> expected = capture.annotatedFrames().stream()
                    .filter(f -> f.clientToProxy() == clientToProxy).toList();
            List<AnnotatedFrame> actual = new ArrayList<>();
            for (Frame f : decode(clientToProxy, List.of(GoldenCapture.stream(chunks, clientToProxy)))) {
                int code = f.type() == SssFrameType.RX_CREDIT ? 0x58 : f.type().code();
                actual.add(new AnnotatedFrame(clientToProxy, code, FrameLog.encode(f).length));
            }
            assertEquals(expected, actual, capture + (clientToProxy ? " C->P" : " P->C"));
        }
    }

    @ParameterizedTest
    @EnumSource(Captures.class)
    void everyDecodedFrameEncodesBackToTheBytesLwsWrote(Captures capture) throws Exception {
        List<Chunk> chunks = capture.chunks();
        for (boolean clientToProxy : new boolean[] {true, false}) {
            byte[] bytes = GoldenCapture.stream(chunks, clientToProxy);
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            for (Frame f : decode(clientToProxy, List.of(bytes))) {
                again.writeBytes(FrameLog.encode(f));
            }
            assertArrayEquals(bytes, again.toByteArray(), capture + (clientToProxy ? " C->P" : " P->C"));
        }
    }

    @Test
    void aLargeTxPayloadReachesTheProxyIn1380BytePiecesWithSplitFlags() throws Exception {
        List<Frame> frames = decode(true, List.of(GoldenCapture.stream(Captures.ABSTRACT_HTTP_POST.chunks(), true)));
        List<Frame> payloads = frames.stream().filter(f -> f.type() == SssFrameType.TX_PAYLOAD).toList();
        assertEquals(List.of("1380/1", "1380/0", "1301/0"), payloads.get(0).pieces(), "4061 bytes with SOM");
        assertEquals(List.of("1380/0", "529/2"), payloads.get(1).pieces(), "1909 bytes with EOM");
        assertEquals(5970, payloads.get(0).payloadLength() + payloads.get(1).payloadLength());
    }

    @Test
    void aZeroLengthPayloadIsOnePieceCarryingAllItsFlags() throws Exception {
        List<Frame> frames = decode(false, List.of(GoldenCapture.stream(Captures.ABSTRACT_HELLO_WORLD.chunks(), false)));
        Frame eom = frames.stream().filter(f -> f.type() == SssFrameType.RX_PAYLOAD && f.payloadLength() == 0)
                .findFirst().orElseThrow();
        assertEquals(List.of("0/2"), eom.pieces());
    }

    @Test
    void theUartCaptureCarriesOneStreamOnChannel0xFF() {
        List<Chunk> ff = Captures.UART_BINANCE.chunks();
        assertTrue(ff.get(0).clientToProxy());
        assertEquals(0xAA, ff.get(0).bytes()[0] & 0xFF);
        assertTrue(GoldenCapture.muxChannel(GoldenCapture.socat("c-uart-plain-binance.raw.txt", false), 0xFE).isEmpty());
    }

    static List<Frame> decode(boolean clientToProxy, List<byte[]> pieces) throws SssProtocolException {
        FrameLog log = new FrameLog();
        FrameDecoder decoder = clientToProxy ? new ProxyFrameDecoder(log) : new ClientFrameDecoder(log);
        for (byte[] p : pieces) {
            ByteBuffer in = ByteBuffer.wrap(p);
            decoder.feed(in);
            assertFalse(in.hasRemaining(), "the decoder consumes all it is given");
        }
        assertTrue(decoder.atFrameBoundary(), "the capture ends on a frame boundary");
        return log.frames;
    }

    static List<byte[]> split(byte[] bytes, int[] sizes) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        for (int at = 0; at < bytes.length; i++) {
            int n = Math.min(sizes[i % sizes.length], bytes.length - at);
            byte[] piece = new byte[n];
            System.arraycopy(bytes, at, piece, 0, n);
            out.add(piece);
            at += n;
        }
        return out;
    }

    private static List<byte[]> asWritten(List<Chunk> chunks, boolean clientToProxy) {
        return chunks.stream().filter(c -> c.clientToProxy() == clientToProxy).map(Chunk::bytes).toList();
    }
}
