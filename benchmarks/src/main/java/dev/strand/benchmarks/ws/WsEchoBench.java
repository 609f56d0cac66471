package dev.strand.benchmarks.ws;

import dev.strand.api.Endpoint;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.protocol.ws.WebSocket;
import dev.strand.protocol.ws.WebSocketClient;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WebSocketOptions;
import dev.strand.protocol.ws.WebSocketServer;
import dev.strand.protocol.ws.WsProtocol;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket echo throughput and round trip of the direct client ({@link WebSocketClient}, through
 * the connection engine) against three echo peers: the module's own server in-process over the
 * in-JVM loopback ({@code strand-mem}) and over TCP ({@code strand-tcp}), and Debian's
 * python3-websockets over TCP ({@code python-tcp}, started by this tool; see {@link PythonEcho}).
 * Over TCP the client and the Strand server each run on a one-thread Netty loop, so links need no
 * thread hop.
 * For 64 B and 16 KiB binary messages it prints messages per second with 64 in flight, and the
 * p50/p99 round trip of one message at a time.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.strand.benchmarks.ws.WsEchoBench [seconds-per-case] [peer...]</pre>
 *
 * The same echo through the Secure Streams API, in-process and through the SS proxy over a Unix
 * socket and over the transport mux, is {@link SsWsEchoBench}.
 */
public final class WsEchoBench {

    private static final int WINDOW = 64;
    private static final List<Integer> SIZES = List.of(64, 16 * 1024);

    private WsEchoBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        List<String> peers = args.length > 1 ? List.of(Arrays.copyOfRange(args, 1, args.length))
                : List.of("strand-mem", "strand-tcp", "python-tcp");
        System.out.printf(Locale.ROOT, "%-11s %7s %12s %10s %10s %8s%n", "peer", "size", "msgs/s", "rtt p50", "rtt p99", "samples");
        for (String peer : peers) {
            try (Peer p = Peer.start(peer)) {
                for (int size : SIZES) {
                    double rate = throughput(p, size, seconds);
                    long[] rtts = roundTrips(p, size, seconds);
                    System.out.printf(Locale.ROOT, "%-11s %7d %12.0f %8.1fus %8.1fus %8d%n", peer, size, rate,
                            percentile(rtts, 50) / 1e3, percentile(rtts, 99) / 1e3, rtts.length);
                }
            }
        }
    }

    /** Messages per second echoed with {@link #WINDOW} in flight. */
    private static double throughput(Peer p, int size, double seconds) throws Exception {
        long budget = (long) (seconds * 1e9);
        CompletableFuture<Double> done = new CompletableFuture<>();
        ByteBuffer payload = ByteBuffer.allocate(size);
        WebSocketListener driver = new WebSocketListener() {
            long start;
            long received;
            int inFlight;
            boolean stopping;

            @Override
            public void onOpen(WebSocket ws) {
                start = System.nanoTime();
                fill(ws);
            }

            private void fill(WebSocket ws) {
                while (!stopping && inFlight < WINDOW) {
                    inFlight++;
                    ws.sendBinary(payload.duplicate());
                }
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                inFlight--;
                received++;
                long elapsed = System.nanoTime() - start;
                if (elapsed >= budget) {
                    stopping = true;
                }
                if (stopping) {
                    if (inFlight == 0) {
                        done.complete(received / (elapsed / 1e9));
                        ws.close();
                    }
                    return;
                }
                fill(ws);
            }

            @Override
            public void onClosed(WebSocket ws, int code, String reason, Throwable cause) {
                done.completeExceptionally(new IllegalStateException("closed early: " + code + " " + cause));
            }
        };
        p.client.connect(p.uri, WebSocketOptions.DEFAULT, driver).get(20, TimeUnit.SECONDS);
        return done.get((long) seconds + 30, TimeUnit.SECONDS);
    }

    /** Round-trip times in ns of one message at a time. */
    private static long[] roundTrips(Peer p, int size, double seconds) throws Exception {
        long budget = (long) (seconds * 1e9);
        CompletableFuture<long[]> done = new CompletableFuture<>();
        ByteBuffer payload = ByteBuffer.allocate(size);
        WebSocketListener driver = new WebSocketListener() {
            long start;
            long sent;
            long[] samples = new long[1 << 16];
            int n;

            @Override
            public void onOpen(WebSocket ws) {
                start = System.nanoTime();
                send(ws);
            }

            private void send(WebSocket ws) {
                sent = System.nanoTime();
                ws.sendBinary(payload.duplicate());
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                long now = System.nanoTime();
                if (n == samples.length) {
                    samples = Arrays.copyOf(samples, n * 2);
                }
                samples[n++] = now - sent;
                if (now - start >= budget) {
                    done.complete(Arrays.copyOf(samples, n));
                    ws.close();
                    return;
                }
                send(ws);
            }

            @Override
            public void onClosed(WebSocket ws, int code, String reason, Throwable cause) {
                done.completeExceptionally(new IllegalStateException("closed early: " + code + " " + cause));
            }
        };
        p.client.connect(p.uri, WebSocketOptions.DEFAULT, driver).get(20, TimeUnit.SECONDS);
        long[] rtts = done.get((long) seconds + 30, TimeUnit.SECONDS);
        Arrays.sort(rtts);
        return rtts;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** One echo peer and a client wired to it. */
    private static final class Peer implements AutoCloseable {
        final WebSocketClient client;
        final URI uri;
        private final AutoCloseable[] resources;

        private Peer(WebSocketClient client, URI uri, AutoCloseable... resources) {
            this.client = client;
            this.uri = uri;
            this.resources = resources;
        }

        static Peer start(String name) throws Exception {
            Providers providers = Providers.empty();
            providers.addProtocol(new WsProtocol());
            switch (name) {
                case "strand-mem", "strand-tcp" -> {
                    boolean mem = name.equals("strand-mem");
                    TransportOps ops = mem ? new LoopbackTransport() : new WsiTransport();
                    providers.addTransport(ops);
                    AutoCloseable serverLoops;
                    LoopGroup serverGroup;
                    if (mem) {
                        EventLoop l = new EventLoop("ws-bench-echo");
                        serverLoops = l;
                        serverGroup = l;
                    } else {
                        NettyLoopGroup g = NettyLoopGroup.create("ws-bench-echo", 1);
                        serverLoops = g;
                        serverGroup = g;
                    }
                    WebSocketServer server = WebSocketServer.listen(ops,
                            Endpoint.parse(mem ? "mem:ws-bench-" + System.nanoTime() : "tcp:127.0.0.1:0"), serverGroup,
                            WebSocketOptions.DEFAULT, request -> new Echo());
                    Endpoint bound = server.endpoint();
                    WebSocketClient.Builder b = WebSocketClient.newBuilder().providers(providers);
                    NettyLoopGroup clientLoops = NettyLoopGroup.create("ws-bench-client", 1);
                    if (mem) {
                        b.endpointResolver((s, h, p) -> bound);
                    } else {
                        b.loop(clientLoops.next());
                    }
                    URI uri = URI.create("ws://127.0.0.1:" + (mem ? 80 : bound.port()) + "/");
                    return new Peer(b.build(), uri, server, serverLoops, clientLoops);
                }
                case "python-tcp" -> {
                    providers.addTransport(new WsiTransport());
                    PythonEcho python = PythonEcho.start();
                    NettyLoopGroup clientLoops = NettyLoopGroup.create("ws-bench-client", 1);
                    return new Peer(WebSocketClient.newBuilder().providers(providers).loop(clientLoops.next()).build(),
                            URI.create("ws://127.0.0.1:" + python.port() + "/"), python, clientLoops);
                }
                default -> throw new IllegalArgumentException("unknown peer '" + name
                        + "' (strand-mem, strand-tcp, python-tcp)");
            }
        }

        @Override
        public void close() throws Exception {
            client.close();
            for (AutoCloseable r : resources) {
                r.close();
            }
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
