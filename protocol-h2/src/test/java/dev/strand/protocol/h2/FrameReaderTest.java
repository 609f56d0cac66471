package dev.strand.protocol.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame reader cuts the same frames out of a stream however it is split; the writer's frames round-trip. */
class FrameReaderTest {

    record Seen(int type, int flags, int streamId, byte[] payload) {
    }

    private static byte[] sampleStream() {
        FrameWriter w = new FrameWriter();
        w.settings(H2Wire.SETTINGS_MAX_CONCURRENT_STREAMS, 8, H2Wire.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20);
        w.settingsAck();
        w.ping(false, 42);
        w.headers(1, ByteBuffer.wrap(new byte[40_000]), false, H2Wire.DEFAULT_MAX_FRAME_SIZE);
        byte[] body = new byte[20_000];
        new Random(1).nextBytes(body);
        ByteBuffer b = ByteBuffer.wrap(body);
        w.data(1, b, 16_384, false);
        w.data(1, b, b.remaining(), true);
        w.windowUpdate(0, 1000);
        w.rstStream(3, ErrorCode.CANCEL);
        w.goAway(7, ErrorCode.NO_ERROR, "bye");
        w.data(5, ByteBuffer.allocate(0), 0, true);
        byte[][] out = new byte[1][];
        w.drainTo(all -> {
            out[0] = new byte[all.remaining()];
            all.get(out[0]);
        });
        return out[0];
    }

    private static List<Seen> read(byte[] stream, List<Integer> cuts) throws Http2Error {
        FrameReader r = new FrameReader(H2Wire.DEFAULT_MAX_FRAME_SIZE);
        List<Seen> seen = new ArrayList<>();
        int from = 0;
        List<Integer> points = new ArrayList<>(cuts);
        points.add(stream.length);
        for (int to : points) {
            r.read(ByteBuffer.wrap(stream, from, to - from).slice(), (type, flags, id, payload) -> {
                byte[] p = new byte[payload.remaining()];
                payload.get(p);
                seen.add(new Seen(type, flags, id, p));
            });
            from = to;
        }
        return seen;
    }

    private static void assertSame(List<Seen> expected, List<Seen> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).type(), actual.get(i).type(), "frame " + i);
            assertEquals(expected.get(i).flags(), actual.get(i).flags());
            assertEquals(expected.get(i).streamId(), actual.get(i).streamId());
            assertArrayEquals(expected.get(i).payload(), actual.get(i).payload());
        }
    }

    @Test
    void aWholeStreamReadAtOnceGivesEveryFrameWritten() throws Exception {
        List<Seen> frames = read(sampleStream(), List.of());
        assertEquals(List.of(H2Wire.SETTINGS, H2Wire.SETTINGS, H2Wire.PING, H2Wire.HEADERS, H2Wire.CONTINUATION,
                H2Wire.CONTINUATION, H2Wire.DATA, H2Wire.DATA, H2Wire.WINDOW_UPDATE, H2Wire.RST_STREAM, H2Wire.GOAWAY,
                H2Wire.DATA), frames.stream().map(Seen::type).toList());
        assertEquals(H2Wire.FLAG_END_HEADERS, frames.get(5).flags());
        assertEquals(0, frames.get(3).flags() & H2Wire.FLAG_END_HEADERS);
        assertEquals(12, frames.get(0).payload().length);
    }

    @Test
    void byteByByteGivesTheSameFrames() throws Exception {
        byte[] s = sampleStream();
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < s.length; i++) {
            cuts.add(i);
        }
        assertSame(read(s, List.of()), read(s, cuts));
    }

    @Test
    void randomSplitsGiveTheSameFrames() throws Exception {
        byte[] s = sampleStream();
        List<Seen> whole = read(s, List.of());
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Integer> cuts = new ArrayList<>();
            int at = 0;
            while (true) {
                at += 1 + random.nextInt(round % 2 == 0 ? 30 : 20_000);
                if (at >= s.length) {
                    break;
                }
                cuts.add(at);
            }
            assertSame(whole, read(s, cuts));
        }
    }

    @Test
    void aFrameAboveTheMaximumSizeIsAFrameSizeErrorBeforeItsPayloadArrives() {
        byte[] header = new byte[H2Wire.FRAME_HEADER_LENGTH];
        ByteBuffer b = ByteBuffer.wrap(header);
        H2Wire.writeFrameHeader(b, H2Wire.DEFAULT_MAX_FRAME_SIZE + 1, H2Wire.DATA, 0, 1);
        Http2Error e = assertThrows(Http2Error.class, () -> read(header, List.of(4)));
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, e.code);
        assertTrue(e.isConnectionError());
        assertTrue(e.getMessage().contains("DATA frame of 16385 bytes exceeds SETTINGS_MAX_FRAME_SIZE 16384"), e.getMessage());
    }

    @Test
    void aLargerAcceptedFrameSizeIsGatheredWhole() throws Exception {
        FrameWriter w = new FrameWriter();
        w.data(1, ByteBuffer.allocate(100_000), 100_000, true);
        byte[][] out = new byte[1][];
        w.drainTo(all -> {
            out[0] = new byte[all.remaining()];
            all.get(out[0]);
        });
        FrameReader r = new FrameReader(1 << 20);
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < out[0].length; i += 1000) {
            r.read(ByteBuffer.wrap(out[0], i, Math.min(1000, out[0].length - i)).slice(), (t, f, id, p) -> lengths.add(p.remaining()));
        }
        assertEquals(List.of(100_000), lengths);
    }
}
