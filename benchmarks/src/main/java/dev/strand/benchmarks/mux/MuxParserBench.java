package dev.strand.benchmarks.mux;

import dev.strand.core.net.mux.internal.MuxParser;
import dev.strand.core.net.mux.internal.MuxWire;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the mux receive parser: one operation parses exactly 1 MiB of MUX frames of the
 * given payload size (a PING every 64 frames), handed over in reads of {@code read} bytes as a
 * serial or socket reader would. MB/s = ops/s x 1.048576. Payload bytes are handed to the sink as
 * slices and not touched, so the cost is per frame header and per read, not per payload byte.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MuxParserBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MuxParserBench {

    static final int STREAM = 1 << 20;

    /** MUX payload per frame; 0 is the worst case, every byte a header byte. */
    @Param({"0", "64", "1024", "16384"})
    int payload;

    @Param({"4096"})
    int read;

    private ByteBuffer stream;
    private MuxParser parser;
    private CountingSink sink;

    @Setup
    public void build() {
        stream = ByteBuffer.allocate(STREAM);
        byte[] data = new byte[payload];
        new SplittableRandom(1).nextBytes(data);
        int frames = 0;
        while (stream.remaining() >= MuxWire.MUX_HEADER_SIZE + payload + MuxWire.PING_SIZE) {
            MuxWire.putMuxHeader(stream, frames & 0xFF, payload);
            stream.put(data);
            if (++frames % 64 == 0) {
                MuxWire.putPing(stream, frames);
            }
        }
        if (payload > 0 && stream.remaining() >= MuxWire.MUX_HEADER_SIZE) {
            MuxWire.putMuxHeader(stream, 1, stream.remaining() - MuxWire.MUX_HEADER_SIZE);
            stream.position(stream.limit());
        }
        while (stream.remaining() >= MuxWire.MUX_HEADER_SIZE) {
            MuxWire.putMuxHeader(stream, 1, 0);
        }
        while (stream.hasRemaining()) {
            MuxWire.putReset(stream);
        }
        stream.flip();
        sink = new CountingSink();
        parser = new MuxParser(sink);
    }

    @Benchmark
    public void parse(Blackhole bh) {
        ByteBuffer in = stream.duplicate();
        for (int off = 0; off < STREAM; off += read) {
            in.limit(Math.min(STREAM, off + read)).position(off);
            parser.feed(in);
        }
        bh.consume(sink.payloadBytes);
    }

    /** Counts what the parser reports; allocates nothing. */
    static final class CountingSink implements MuxParser.Sink {
        long payloadBytes;
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
            payloadBytes += piece.remaining();
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
}
