package dev.strand.core.net.sss;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoopGroup;
import dev.strand.core.net.loopback.LoopbackTransport;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Rough numbers for the SSS hot path, run by hand (not a test; it prints for a person):
 * decoder throughput and bytes allocated per MiB decoded, and end-to-end echo throughput through
 * a Strand client, the in-JVM loopback transport and a Strand proxy. See the module README or
 * the report for the command line.
 */
public final class SssThroughput {

    private SssThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        for (int round = 0; round < 3; round++) {
            decoder("client decoder, RX_PAYLOAD 1380 B, 64 KiB reads", false, 1380, 64 << 10, mib);
            decoder("client decoder, RX_PAYLOAD 1380 B, 1000 B reads", false, 1380, 1000, mib);
            decoder("proxy decoder, TX_PAYLOAD 4061 B, 64 KiB reads", true, 4061, 64 << 10, mib);
        }
        for (int round = 0; round < 3; round++) {
            echo(1, mib / 4);
            echo(16, mib / 64);
        }
    }

    private static void decoder(String what, boolean proxySide, int payload, int readSize, int mib) throws Exception {
        int frame = SssWire.PAYLOAD_HEADER_SIZE + payload;
        int frames = (4 << 20) / frame;
        ByteBuffer stream = ByteBuffer.allocate(frames * frame);
        for (int i = 0; i < frames; i++) {
            SssEncoder.payloadHeader(stream, proxySide ? SssFrameType.TX_PAYLOAD : SssFrameType.RX_PAYLOAD,
                    PayloadFlags.SOM | PayloadFlags.EOM, 0, i, null, payload);
            stream.position(stream.position() + payload);
        }
        long[] sum = new long[1];
        ClientFrameSink clientSink = new CountingSink(sum);
        FrameDecoder decoder = proxySide ? new ProxyFrameDecoder((ProxyFrameSink) clientSink)
                : new ClientFrameDecoder(clientSink);
        byte[] all = stream.array();
        ByteBuffer read = ByteBuffer.wrap(all);
        long rounds = (long) mib * (1 << 20) / all.length;
        long allocated = allocatedBytes();
        long start = System.nanoTime();
        for (long r = 0; r < rounds; r++) {
            for (int at = 0; at < all.length; at += readSize) {
                read.limit(Math.min(all.length, at + readSize)).position(at);
                decoder.feed(read);
            }
        }
        long nanos = System.nanoTime() - start;
        allocated = allocatedBytes() - allocated;
        double bytes = (double) rounds * all.length;
        System.out.printf("%-52s %8.0f MiB/s  %6.1f bytes allocated per MiB  (payload %d MiB)%n", what,
                bytes / (1 << 20) / (nanos / 1e9), allocated / (bytes / (1 << 20)), sum[0] >> 20);
    }

    /** This thread's allocation counter (HotSpot's com.sun.management.ThreadMXBean, through reflection: this module reads no management module). */
    private static long allocatedBytes() throws ReflectiveOperationException {
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes").invoke(bean);
    }

    private static void echo(int streams, int mibEach) throws Exception {
        LoopbackTransport transport = new LoopbackTransport();
        Endpoint endpoint = Endpoint.parse("mem:throughput-" + System.nanoTime());
        int size = mibEach << 20;
        try (EventLoopGroup clientLoops = new EventLoopGroup("tp-client", 1);
             EventLoopGroup proxyLoops = new EventLoopGroup("tp-proxy", 1);
             Listener l = transport.listen(endpoint, proxyLoops, new SssProxy(EchoOnward.factory(64 << 10), SssLinkProfile.SOCKET))) {
            SsProxyClient client = SsProxyClient.builder(transport, endpoint).build();
            CountDownLatch done = new CountDownLatch(streams);
            long start = System.nanoTime();
            for (int i = 0; i < streams; i++) {
                Loop loop = clientLoops.next();
                loop.execute(() -> client.create(StreamOptions.of("echo", new Sender(size, done)), loop));
            }
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("echo did not finish");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("echo through client+proxy, %3d stream(s) x %4d MiB   %8.0f MiB/s each way%n", streams, mibEach,
                    (double) streams * mibEach / seconds);
        }
    }

    /** Sends {@code size} bytes as fast as the link takes them; done when all came back. */
    private static final class Sender implements StreamHandler {
        private final int size;
        private final CountDownLatch done;
        private int sent;
        private long received;

        Sender(int size, CountDownLatch done) {
            this.size = size;
            this.done = done;
        }

        @Override
        public StreamResult onState(SecureStream stream, StreamState state, long ack) {
            if (state == StreamState.CREATING) {
                stream.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream stream, int ordinal, TxChunk chunk) {
            int n = Math.min(chunk.buffer().remaining(), size - sent);
            chunk.buffer().position(n);
            sent += n;
            if (sent < size) {
                stream.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onRx(SecureStream stream, ByteBuffer data, int flags) {
            received += data.remaining();
            if (received == size) {
                done.countDown();
                return StreamResult.DESTROY_ME;
            }
            return StreamResult.OK;
        }
    }

    /** Counts payload bytes, ignores everything else. */
    private static final class CountingSink implements ClientFrameSink, ProxyFrameSink {
        private final long[] sum;

        CountingSink(long[] sum) {
            this.sum = sum;
        }

        @Override
        public void onFrameStart(SssFrameType type, int rem) {
        }

        @Override
        public void onCreateResult(boolean created, long clientBufLen, List<String> rideshares) {
        }

        @Override
        public void onConnState(long state, long ordinal) {
        }

        @Override
        public void onRxPayloadStart(int flags, int latency, long micros, String rideshare, int length) {
        }

        @Override
        public void onRxPayloadPiece(ByteBuffer piece, int flags) {
            sum[0] += piece.remaining();
        }

        @Override
        public void onRxMetadata(String name, byte[] value) {
        }

        @Override
        public void onRxCredit(int delta) {
        }

        @Override
        public void onPerf(ByteBuffer json) {
        }

        @Override
        public void onStreamType(long clientPid, int initialTxCredit, String streamType) {
        }

        @Override
        public void onOnwardConnect() {
        }

        @Override
        public void onDestroying() {
        }

        @Override
        public void onTxPayloadStart(int flags, int holdMicros, long micros, String rideshare, int length) {
        }

        @Override
        public void onTxPayloadPiece(ByteBuffer piece, int flags) {
            sum[0] += piece.remaining();
        }

        @Override
        public void onTxMetadata(String name, byte[] value) {
        }

        @Override
        public void onTxCredit(int delta) {
        }

        @Override
        public void onTimeoutUpdate(long millis) {
        }

        @Override
        public void onPayloadLengthHint(long length) {
        }
    }
}
