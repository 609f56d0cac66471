package dev.strand.benchmarks.ws;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.protocol.ws.WebSocket;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WebSocketOptions;
import dev.strand.protocol.ws.WebSocketServer;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket echo through the Secure Streams API in each placement ({@link SsPlacement}): the same
 * application handler, a {@code ws} streamtype (binary, nailed up) to protocol-ws's echo server
 * over TCP, served in-process, through a Strand SS proxy over an abstract Unix socket, through one
 * over the transport mux on a Unix socket, and through one over the mux on a socat pty pair. For
 * 64 B and 16 KiB messages it prints messages per second with 64 messages in flight, and the
 * p50/p99 round trip of one message at a time (from its first {@code onTx} chunk to the EOM of its
 * echo). Each message goes out in as many {@code onTx} chunks as the placement offers (1380 bytes
 * in-process, 4061 over a socket link, 2013 over a mux channel). Each case runs a one-second
 * warm-up first. The application, the proxy and the origin each have one loop thread.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.strand.benchmarks.ws.SsWsEchoBench [seconds-per-case] [placement...]</pre>
 */
public final class SsWsEchoBench {

    private static final int WINDOW = 64;
    private static final List<Integer> SIZES = List.of(64, 16 * 1024);

    private SsWsEchoBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        List<String> placements = args.length > 1 ? List.of(Arrays.copyOfRange(args, 1, args.length)) : SsPlacement.NAMES;
        WsiTransport wsi = new WsiTransport();
        try (NettyLoopGroup originLoops = NettyLoopGroup.create("ss-bench-origin", 1);
             NettyLoopGroup appLoops = NettyLoopGroup.create("ss-bench-app", 1)) {
            WebSocketServer origin = WebSocketServer.listen(wsi, Endpoint.parse("tcp:127.0.0.1:0"), originLoops,
                    WebSocketOptions.DEFAULT, request -> new Echo());
            Policy policy = PolicyLoader.load("{ \"retry\": [ { \"r\": { \"backoff\": [100], \"conceal\": 65535 } } ],"
                    + " \"s\": [ { \"echo\": { \"endpoint\": \"127.0.0.1\", \"port\": " + origin.endpoint().port() + ","
                    + " \"protocol\": \"ws\", \"ws_binary\": true, \"nailed_up\": true, \"retry\": \"r\" } } ] }");
            Loop loop = appLoops.next();
            System.out.printf(Locale.ROOT, "%-15s %7s %12s %10s %10s %8s%n", "placement", "size", "msgs/s", "rtt p50",
                    "rtt p99", "samples");
            for (String name : placements) {
                try (SsPlacement p = SsPlacement.start(name, policy, wsi)) {
                    for (int size : SIZES) {
                        run(p, loop, new Throughput(size, 1e9));
                        double rate = run(p, loop, new Throughput(size, seconds * 1e9));
                        long[] rtts = run(p, loop, new RoundTrips(size, seconds * 1e9));
                        System.out.printf(Locale.ROOT, "%-15s %7d %12.0f %8.1fus %8.1fus %8d%n", name, size, rate,
                                percentile(rtts, 50) / 1e3, percentile(rtts, 99) / 1e3, rtts.length);
                    }
                }
            }
            origin.close();
        }
    }

    private static <T> T run(SsPlacement p, Loop loop, Driver<T> driver) throws Exception {
        loop.execute(() -> p.streams.create(StreamOptions.of("echo", driver), loop));
        return driver.done.get((long) (driver.budgetNanos / 1e9) + 60, TimeUnit.SECONDS);
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /**
     * An application that sends {@code size}-byte messages, each from SOM to EOM over as many
     * {@code onTx} chunks as it is offered, and counts echoed messages by their EOM; the subclass
     * decides how many may be in flight and what to measure.
     */
    private abstract static class Driver<T> implements StreamHandler {
        final int size;
        final double budgetNanos;
        final CompletableFuture<T> done = new CompletableFuture<>();
        long start;
        int inFlight;
        int txOffset;
        boolean sending;
        boolean stopping;

        Driver(int size, double budgetNanos) {
            this.size = size;
            this.budgetNanos = budgetNanos;
        }

        /** Whether another message may start now. */
        abstract boolean mayStart();

        /** A message starts going out. */
        void started(long now) {
        }

        /** An echoed message ended; answers what the stream should do. */
        abstract StreamResult echoed(SecureStream s, long now);

        @Override
        public StreamResult onState(SecureStream s, StreamState state, long ack) {
            if (state == StreamState.CONNECTED) {
                start = System.nanoTime();
                s.requestTx();
            } else if (state == StreamState.DISCONNECTED && !done.isDone()) {
                done.completeExceptionally(new IllegalStateException("the connection dropped"));
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onTx(SecureStream s, int ordinal, TxChunk chunk) {
            if (!sending) {
                if (stopping || !mayStart()) {
                    return StreamResult.TX_DONT_SEND;
                }
                sending = true;
                txOffset = 0;
                inFlight++;
                started(System.nanoTime());
            }
            ByteBuffer b = chunk.buffer();
            int n = Math.min(b.remaining(), size - txOffset);
            b.position(b.position() + n);
            chunk.flags((txOffset == 0 ? PayloadFlags.SOM : 0) | (txOffset + n == size ? PayloadFlags.EOM : 0));
            txOffset += n;
            sending = txOffset < size;
            if (sending || (!stopping && mayStart())) {
                s.requestTx();
            }
            return StreamResult.OK;
        }

        @Override
        public StreamResult onRx(SecureStream s, ByteBuffer data, int flags) {
            data.position(data.limit());
            if ((flags & PayloadFlags.EOM) == 0) {
                return StreamResult.OK;
            }
            inFlight--;
            return echoed(s, System.nanoTime());
        }
    }

    /** Messages per second with {@link #WINDOW} in flight. */
    private static final class Throughput extends Driver<Double> {
        long received;

        Throughput(int size, double budgetNanos) {
            super(size, budgetNanos);
        }

        @Override
        boolean mayStart() {
            return inFlight < WINDOW;
        }

        @Override
        StreamResult echoed(SecureStream s, long now) {
            received++;
            long elapsed = now - start;
            stopping |= elapsed >= budgetNanos;
            if (stopping && inFlight == 0 && !sending) {
                done.complete(received / (elapsed / 1e9));
                return StreamResult.DESTROY_ME;
            }
            if (!stopping) {
                s.requestTx();
            }
            return StreamResult.OK;
        }
    }

    /** Round-trip times in ns of one message at a time, sorted. */
    private static final class RoundTrips extends Driver<long[]> {
        long sentAt;
        long[] samples = new long[1 << 16];
        int n;

        RoundTrips(int size, double budgetNanos) {
            super(size, budgetNanos);
        }

        @Override
        boolean mayStart() {
            return inFlight == 0;
        }

        @Override
        void started(long now) {
            sentAt = now;
        }

        @Override
        StreamResult echoed(SecureStream s, long now) {
            if (n == samples.length) {
                samples = Arrays.copyOf(samples, n * 2);
            }
            samples[n++] = now - sentAt;
            if (now - start >= budgetNanos) {
                stopping = true;
                long[] sorted = Arrays.copyOf(samples, n);
                Arrays.sort(sorted);
                done.complete(sorted);
                return StreamResult.DESTROY_ME;
            }
            s.requestTx();
            return StreamResult.OK;
        }
    }

    /** Sends every binary message back. */
    private static final class Echo implements WebSocketListener {
        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason, Throwable cause) {
        }
    }
}
