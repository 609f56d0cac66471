package dev.strand.benchmarks;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes per second through a {@code mem:} link pair whose two ends live on two
 * {@link EventLoop}s: the writer writes {@link #writeSize}-byte buffers, paced by
 * {@code requestWrite}/{@code onWritable}, until {@link #BATCH} bytes have gone; one operation is
 * one batch arriving in full at the reader. The {@code bytes} counter reports bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class LoopbackThroughputBenchmark {

    /** Bytes per operation. */
    static final int BATCH = 8 << 20;

    @Param({"1024", "65536"})
    public int writeSize;

    private EventLoop writerLoop;
    private EventLoop readerLoop;
    private Listener listener;
    private Writer writer;
    private Reader reader;

    /** Bytes moved, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void connect() throws Exception {
        writerLoop = new EventLoop("bench-writer");
        readerLoop = new EventLoop("bench-reader");
        Endpoint endpoint = Endpoint.parse("mem:bench-" + System.nanoTime());
        LoopbackTransport transport = new LoopbackTransport();
        reader = new Reader();
        listener = transport.listen(endpoint, readerLoop, link -> reader);
        writer = new Writer(writeSize);
        transport.connect(endpoint, ConnectOptions.DEFAULT, writerLoop, writer);
        writer.opened.get(10, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void close() {
        listener.close();
        writerLoop.close();
        readerLoop.close();
    }

    @Benchmark
    public void transfer(Bytes counter) throws Exception {
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        readerLoop.execute(() -> reader.expect(BATCH, arrived));
        writerLoop.execute(() -> writer.send(BATCH));
        arrived.get(60, TimeUnit.SECONDS);
        counter.bytes += BATCH;
    }

    /** Writes batches, one buffer at a time, as fast as the link lets it. Loop-confined. */
    private static final class Writer implements LinkHandler {
        final CompletableFuture<Link> opened = new CompletableFuture<>();
        private final ByteBuffer buffer;
        private Link link;
        private long left;

        Writer(int writeSize) {
            buffer = ByteBuffer.allocate(writeSize);
        }

        void send(long bytes) {
            left = bytes;
            onWritable(link);
        }

        @Override
        public void onOpen(Link l) {
            link = l;
            opened.complete(l);
        }

        @Override
        public void onWritable(Link l) {
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                left -= buffer.remaining();
                if (!l.write(buffer)) {
                    if (left > 0) {
                        l.requestWrite();
                    }
                    return;
                }
            }
        }

        @Override
        public void onRead(Link l, ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        public void onClosed(Link l, Throwable cause) {
            opened.completeExceptionally(cause == null ? new IOException("closed") : cause);
        }
    }

    /** Counts what arrives and tells when a batch is complete. Loop-confined. */
    private static final class Reader implements LinkHandler {
        private long expected;
        private long received;
        private CompletableFuture<Void> arrived;

        void expect(long bytes, CompletableFuture<Void> whenArrived) {
            expected += bytes;
            arrived = whenArrived;
            check();
        }

        @Override
        public void onRead(Link l, ByteBuffer data) {
            received += data.remaining();
            data.position(data.limit());
            check();
        }

        private void check() {
            if (arrived != null && received >= expected) {
                arrived.complete(null);
                arrived = null;
            }
        }

        @Override
        public void onClosed(Link l, Throwable cause) {
            if (arrived != null) {
                arrived.completeExceptionally(cause == null ? new IOException("closed") : cause);
            }
        }
    }
}
