package dev.strand.benchmarks.sss;

import dev.strand.api.Loop;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.transport.wsi.NettyLoopGroup;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The three measurements of the SSS load tool, each against a proxy reached by {@code client}. */
final class LoadRuns {

    private final SsProxyClient client;
    private final NettyLoopGroup loops;
    private final String streamType;

    LoadRuns(SsProxyClient client, NettyLoopGroup loops, String streamType) {
        this.client = client;
        this.loops = loops;
        this.streamType = streamType;
    }

    /** Bulk echo with 1 KiB chunks on {@code streams} streams; returns echoed MB/s (10^6 bytes). */
    double bulk(int streams, int seconds) throws InterruptedException {
        AtomicLong echoed = new AtomicLong();
        List<Bulk> all = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(streams);
        for (int i = 0; i < streams; i++) {
            Bulk b = new Bulk(echoed, connected);
            all.add(b);
            create(b);
        }
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("streams did not connect within 30 s");
        }
        Thread.sleep(1000);
        long start = echoed.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double mbps = (echoed.get() - start) / ((System.nanoTime() - t0) / 1e9) / 1e6;
        all.forEach(Bulk::stop);
        return mbps;
    }

    /** Round trips of 64-byte echoes on one stream; returns {p50, p99} in microseconds. */
    long[] latency(int warmup, int count) throws InterruptedException {
        Ping p = new Ping(warmup + count);
        create(p);
        if (!p.done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the echoes did not finish within 120 s (" + p.n + " done)");
        }
        long[] rtts = Arrays.copyOfRange(p.rtts, warmup, warmup + count);
        Arrays.sort(rtts);
        p.close();
        return new long[] {rtts[count / 2] / 1000, rtts[(int) (count * 0.99)] / 1000};
    }

    /** Opens {@code n} streams, each onward-connected and idle, in batches; returns them. */
    List<SecureStream> idle(int n) throws InterruptedException {
        List<SecureStream> streams = java.util.Collections.synchronizedList(new ArrayList<>());
        int batch = 250;
        for (int done = 0; done < n; done += batch) {
            int k = Math.min(batch, n - done);
            CountDownLatch connected = new CountDownLatch(k);
            for (int i = 0; i < k; i++) {
                create(new StreamHandler() {
                    @Override
                    public StreamResult onState(SecureStream s, StreamState state, long ack) {
                        if (state == StreamState.CREATING) {
                            streams.add(s);
                            s.connect();
                        } else if (state == StreamState.CONNECTED) {
                            connected.countDown();
                        }
                        return StreamResult.OK;
                    }
                });
            }
            if (!connected.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException((n - done) + " streams did not connect within 60 s");
            }
        }
        return streams;
    }

    static void closeAll(List<SecureStream> streams) {
        for (SecureStream s : streams) {
            s.loop().execute(s::close);
        }
    }

    private void create(StreamHandler h) {
        Loop loop = loops.next();
        loop.execute(() -> client.create(StreamOptions.of(streamType, h), loop));
    }

    /** Sends 1 KiB chunks as fast as the link takes them; counts what comes back. */
    private static final class Bulk implements StreamHandler {
        private static final byte[] CHUNK = new byte[1024];
        private final AtomicLong echoed;
        private final CountDownLatch connected;
        private volatile boolean stopped;
        private volatile SecureStream stream;

        Bulk(AtomicLong echoed, CountDownLatch connected) {
            this.echoed = echoed;
            this.connected = connected;
        }

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            stream = s;
            if (state == StreamState.CREATING) {
                s.requestTx();
            } else if (state == StreamState.CONNECTED) {
                connected.countDown();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
            if (stopped) {
                return StreamResult.TX_DONT_SEND;
            }
            chunk.buffer().put(CHUNK);
            s.requestTx();
            return StreamResult.OK;
        }

        @Override
        public StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
            echoed.addAndGet(data.remaining());
            data.position(data.limit());
            return StreamResult.OK;
        }

        void stop() {
            stopped = true;
            SecureStream s = stream;
            if (s != null) {
                s.loop().execute(s::close);
            }
        }
    }

    /** One 64-byte message at a time; the next goes when the previous one is all back. */
    private static final class Ping implements StreamHandler {
        private final long[] rtts;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile SecureStream stream;
        private int n;
        private int got;
        private long sentAt;

        Ping(int count) {
            rtts = new long[count];
        }

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            stream = s;
            if (state == StreamState.CREATING) {
                s.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
            chunk.buffer().put(new byte[64]);
            sentAt = System.nanoTime();
            return StreamResult.OK;
        }

        @Override
        public StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
            got += data.remaining();
            data.position(data.limit());
            if (got >= 64) {
                got -= 64;
                rtts[n++] = System.nanoTime() - sentAt;
                if (n == rtts.length) {
                    done.countDown();
                } else {
                    s.requestTx();
                }
            }
            return StreamResult.OK;
        }

        void close() {
            SecureStream s = stream;
            s.loop().execute(s::close);
        }
    }
}
