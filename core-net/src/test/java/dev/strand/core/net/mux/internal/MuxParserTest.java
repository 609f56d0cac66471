package dev.strand.core.net.mux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The mux receive parser (spec/wire.md §4.2): syntax only, any split, lws's behaviour on bad bytes. */
class MuxParserTest {

    /** Every command once, including a zero-length and a two-byte MUX frame. */
    private static final byte[] EVERY_COMMAND = bytes(
            "F0 FF F1 FE F2 FD F3 FC F4 FB F5 07 00 02 AB CD F5 08 00 00 "
            + "F6 00 00 00 00 7F A5 93 A9 F7 00 00 00 00 7F A5 93 A9 00 00 00 00 7F A5 94 D5 "
            + "F8 00 06 61 21 24 C0 6B 01 F9");

    private static final List<String> EVERY_COMMAND_EVENTS = List.of(
            "F0 255", "F1 254", "F2 253", "F3 252", "F4 251", "hdr 7 2", "pay 7 abcd", "hdr 8 0",
            "ping 2141557673", "pong 2141557673 2141557973", "pongack 1795644838669057", "reset");

    @Test
    void parsesEveryCommand() {
        assertEquals(EVERY_COMMAND_EVENTS, parse(EVERY_COMMAND, EVERY_COMMAND.length));
    }

    @Test
    void commandsSplitAtAnyByteOrJoinedGiveTheSameEvents() {
        for (int chunk = 1; chunk <= EVERY_COMMAND.length; chunk++) {
            List<String> events = merge(parse(EVERY_COMMAND, chunk));
            assertEquals(EVERY_COMMAND_EVENTS, events, "chunks of " + chunk);
        }
    }

    @Test
    void aPayloadLongerThanTheReadArrivesInPieces() {
        Recorder r = new Recorder();
        MuxParser p = new MuxParser(r);
        p.feed(ByteBuffer.wrap(bytes("F5 01 00 05 01 02")));
        assertEquals(3, p.remainingPayload());
        p.feed(ByteBuffer.wrap(bytes("03 04 05 F1 01")));
        assertEquals(List.of("hdr 1 5", "pay 1 0102", "pay 1 030405", "F1 1"), r.events);
    }

    @Test
    void anUnknownByteIsReportedAndTheParserStaysInTheCommandState() {
        Recorder r = new Recorder();
        new MuxParser(r).feed(ByteBuffer.wrap(bytes("42 00 F0 05 FA")));
        assertEquals(List.of("unknown 66", "unknown 0", "F0 5", "unknown 250"), r.events);
    }

    @Test
    void aCorruptedLengthSwallowsTheFollowingBytesAsPayloadAsLwsDoes() {
        Recorder r = new Recorder();
        MuxParser p = new MuxParser(r);
        p.feed(ByteBuffer.wrap(bytes("F5 01 00 04 F1 02 F1 03 F1 04")));
        assertEquals(List.of("hdr 1 4", "pay 1 f102f103", "F1 4"), r.events);
    }

    @Test
    void resetLeavesTheParserInTheCommandState() {
        Recorder r = new Recorder();
        MuxParser p = new MuxParser(r);
        p.feed(ByteBuffer.wrap(bytes("F6 00 00")));
        assertEquals(MuxParser.T64_1, p.state());
        p.reset();
        p.feed(ByteBuffer.wrap(bytes("F1 09")));
        assertEquals(List.of("F1 9"), r.events);
    }

    @Test
    void theSinkMayConsumeOrIgnoreEachPieceAndParsingGoesOn() {
        List<String> seen = new ArrayList<>();
        MuxParser p = new MuxParser(new Recorder() {
            @Override
            public void onPayload(int channel, ByteBuffer piece) {
                seen.add("pay " + piece.remaining());
            }
        });
        ByteBuffer in = ByteBuffer.wrap(bytes("F5 01 00 02 AA BB F5 02 00 01 CC"));
        p.feed(in);
        assertEquals(List.of("pay 2", "pay 1"), seen);
        assertEquals(in.limit(), in.position());
    }

    @Test
    void randomBytesNeverThrowAndLeaveAValidState() {
        SplittableRandom random = new SplittableRandom(4);
        Recorder r = new Recorder();
        r.quiet = true;
        MuxParser p = new MuxParser(r);
        byte[] noise = new byte[1 << 20];
        random.nextBytes(noise);
        for (int off = 0; off < noise.length; ) {
            int n = Math.min(noise.length - off, 1 + random.nextInt(3000));
            p.feed(ByteBuffer.wrap(noise, off, n));
            off += n;
            assertTrue(p.state() >= MuxParser.CMD && p.state() <= MuxParser.T64_2);
        }
        assertTrue(r.count > 0);
    }

    @Test
    void parsingAllocatesNothingPerByte() throws Exception {
        Counter counter = new Counter();
        MuxParser p = new MuxParser(counter);
        byte[] stream = new byte[1 << 20];
        ByteBuffer fill = ByteBuffer.wrap(stream);
        while (fill.remaining() >= EVERY_COMMAND.length + 1100) {
            fill.put(EVERY_COMMAND);
            MuxWire.putMuxHeader(fill, 3, 1000);
            fill.position(fill.position() + 1000);
        }
        fill.flip();
        ByteBuffer in = fill.duplicate();
        p.feed(in);
        long before = allocatedBytes();
        for (int i = 0; i < 4; i++) {
            in = fill.duplicate();
            p.feed(in);
        }
        long allocated = allocatedBytes() - before;
        assertTrue(counter.events > 4 * 1000, "events: " + counter.events);
        assertTrue(allocated < 64 * 1024, "4 MiB parsed with " + allocated + " bytes allocated");
    }

    private static long allocatedBytes() throws Exception {
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        return (long) m.invoke(bean);
    }

    private static List<String> parse(byte[] stream, int chunk) {
        Recorder r = new Recorder();
        MuxParser p = new MuxParser(r);
        for (int off = 0; off < stream.length; off += chunk) {
            p.feed(ByteBuffer.wrap(stream, off, Math.min(chunk, stream.length - off)).slice());
        }
        return r.events;
    }

    /** Joins consecutive payload pieces of one frame, so that any split compares equal. */
    private static List<String> merge(List<String> events) {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            int last = out.size() - 1;
            if (e.startsWith("pay ") && last >= 0 && out.get(last).startsWith("pay ")) {
                String[] prev = out.get(last).split(" ");
                out.set(last, prev[0] + " " + prev[1] + " " + prev[2] + e.split(" ")[2]);
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** Counts events and allocates nothing. */
    private static final class Counter implements MuxParser.Sink {
        long events;

        @Override
        public void onChannelCommand(int command, int channel) {
            events++;
        }

        @Override
        public void onDataHeader(int channel, int length) {
            events++;
        }

        @Override
        public void onPayload(int channel, ByteBuffer piece) {
            events++;
        }

        @Override
        public void onPing(long pingMicros) {
            events++;
        }

        @Override
        public void onPong(long echoedPingMicros, long pongMicros) {
            events++;
        }

        @Override
        public void onPongAck(long wallClockMicros) {
            events++;
        }

        @Override
        public void onReset() {
            events++;
        }

        @Override
        public void onUnknownCommand(int value) {
            events++;
        }
    }

    private static class Recorder implements MuxParser.Sink {
        final List<String> events = new ArrayList<>();
        boolean quiet;
        int count;

        private void add(String e) {
            count++;
            if (!quiet) {
                events.add(e);
            }
        }

        @Override
        public void onChannelCommand(int command, int channel) {
            add(String.format("%02X %d", command, channel));
        }

        @Override
        public void onDataHeader(int channel, int length) {
            add("hdr " + channel + " " + length);
        }

        @Override
        public void onPayload(int channel, ByteBuffer piece) {
            if (quiet) {
                count++;
                return;
            }
            byte[] b = new byte[piece.remaining()];
            piece.get(b);
            add("pay " + channel + " " + HexFormat.of().formatHex(b));
        }

        @Override
        public void onPing(long pingMicros) {
            add("ping " + pingMicros);
        }

        @Override
        public void onPong(long echoedPingMicros, long pongMicros) {
            add("pong " + echoedPingMicros + " " + pongMicros);
        }

        @Override
        public void onPongAck(long wallClockMicros) {
            add("pongack " + wallClockMicros);
        }

        @Override
        public void onReset() {
            add("reset");
        }

        @Override
        public void onUnknownCommand(int value) {
            add("unknown " + value);
        }
    }
}
