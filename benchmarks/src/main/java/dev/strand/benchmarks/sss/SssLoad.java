package dev.strand.benchmarks.sss;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.SecureStream;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiResources;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The SSS load tool: speaks SSS as a client to any SS proxy (Strand's, or lws's) and reports bulk
 * throughput (1 KiB chunks, 1 and 16 streams), the p50/p99 round trip of 64-byte echoes on one
 * stream, and the proxy's heap (after a full GC) and RSS per idle stream at 1,000 and 10,000
 * streams (created and onward-connected, no traffic), each stream on a Unix socket link of its own,
 * and again at 10,000 streams carried as channels of the transport mux (250 per link), which needs
 * half the proxy's open files. Not part of the test suite.
 *
 * <pre>
 * benchmarks/sss-load [--proxy ENDPOINT] [--streamtype echo] [--seconds 5] [--idle 1000,10000]
 *                     [--idle-mux 10000] [--proxy-pid PID] [--no-origin]
 * </pre>
 *
 * Without {@code --proxy} it starts the Strand proxy as a child process ({@code -Xmx512m}, the
 * embedded policy) on a private abstract socket and measures its heap too; with one, it measures
 * RSS only if {@code --proxy-pid} is given. It runs a TCP echo origin on 127.0.0.1:17777 (the
 * default policy's {@code echo}) unless {@code --no-origin}. The {@code sss-load} script raises
 * {@code ulimit -n} first.
 */
public final class SssLoad {

    /** Open files a JVM has before any stream: jars, epoll, pipes, listeners. */
    private static final int FDS_BESIDES_STREAMS = 120;

    private SssLoad() {
    }

    public static void main(String[] args) throws Exception {
        String proxyAt = null;
        String streamType = "echo";
        int seconds = 5;
        List<Integer> idle = List.of(1000, 10000);
        List<Integer> idleMux = List.of(10000);
        Long pid = null;
        boolean origin = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--proxy" -> proxyAt = args[++i];
                case "--streamtype" -> streamType = args[++i];
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--idle" -> idle = counts(args[++i]);
                case "--idle-mux" -> idleMux = counts(args[++i]);
                case "--proxy-pid" -> pid = Long.parseLong(args[++i]);
                case "--no-origin" -> origin = false;
                default -> {
                    System.err.println("sss-load: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        ProxyChild echo = origin ? ProxyChild.origin(17777) : null;
        ProxyChild child = proxyAt == null ? ProxyChild.proxy("@strand-sss-load-" + ProcessHandle.current().pid()) : null;
        Endpoint endpoint = Endpoint.parse(child != null ? child.endpoint : proxyAt);
        Optional<Long> proxyPid = child != null ? Optional.of(child.pid()) : Optional.ofNullable(pid);
        System.out.println("sss-load: proxy " + endpoint + (child != null ? " (Strand, child pid " + child.pid()
                + ", -Xmx" + ProxyChild.MAX_HEAP + ")" : "") + ", streamtype '" + streamType + "'");
        try (NettyLoopGroup loops = NettyLoopGroup.create("sss-load", 2)) {
            SsProxyClient client = SsProxyClient.builder(new WsiTransport(), endpoint).build();
            LoadRuns runs = new LoadRuns(client, loops, streamType);
            for (int streams : new int[] {1, 16}) {
                System.out.printf("bulk   %2d stream(s), 1 KiB chunks: %8.1f MB/s echoed%n", streams, runs.bulk(streams, seconds));
            }
            long[] p = runs.latency(2000, 20000);
            System.out.printf("echo   64 B round trip on one stream: p50 %d µs, p99 %d µs (20000 echoes)%n", p[0], p[1]);
            for (int n : idle) {
                idle(runs, n, child, proxyPid);
            }
            client.close();
            if (proxyAt == null) {
                for (int n : idleMux) {
                    idleOverMux(loops, streamType, n);
                }
            }
        } finally {
            if (child != null) {
                child.close();
            }
            if (echo != null) {
                echo.close();
            }
            WsiResources.shutdown();
        }
    }

    private static List<Integer> counts(String list) {
        return java.util.Arrays.stream(list.split(",")).filter(s -> !s.isBlank()).map(Integer::parseInt).toList();
    }

    private static void idle(LoadRuns runs, int asked, ProxyChild child, Optional<Long> pid) throws Exception {
        long most = (ProxyChild.openFileLimit() - FDS_BESIDES_STREAMS) / 2;
        int n = (int) Math.min(asked, most);
        if (n < asked) {
            System.out.println("idle: " + asked + " streams need " + (2 * asked + FDS_BESIDES_STREAMS) + " open files in the"
                    + " proxy (client link and onward link each), but the limit here is " + ProxyChild.openFileLimit()
                    + " and cannot be raised: measuring " + n + " streams (--idle-mux measures " + asked + ")");
        }
        measureIdle("idle", n, () -> runs.idle(n), child, pid);
    }

    /**
     * {@code n} idle streams carried as mux channels, {@value MuxIdle#CHANNELS_PER_LINK} per link, to
     * a proxy of its own listening on as many {@code mux+unix:@...} endpoints: the proxy holds one
     * socket per mux link and one onward connection per stream.
     */
    private static void idleOverMux(NettyLoopGroup loops, String streamType, int n) throws Exception {
        List<String> endpoints = MuxIdle.endpoints("strand-sss-load-" + ProcessHandle.current().pid(), n);
        try (ProxyChild proxy = ProxyChild.proxy(endpoints.toArray(String[]::new));
             MuxIdle mux = new MuxIdle(endpoints, loops, streamType)) {
            measureIdle("idle over " + endpoints.size() + " mux links", n, () -> mux.open(n), proxy,
                    Optional.of(proxy.pid()));
        }
    }

    private static void measureIdle(String what, int n, Opener opener, ProxyChild child, Optional<Long> pid)
            throws Exception {
        Thread.sleep(500);
        long heap0 = child != null ? child.heapAfterGc() : -1;
        long rss0 = pid.isPresent() ? ProxyChild.rssOf(pid.get()) : -1;
        long t0 = System.nanoTime();
        List<SecureStream> streams = opener.open();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(1000);
        long heap1 = child != null ? child.heapAfterGc() : -1;
        long rss1 = pid.isPresent() ? ProxyChild.rssOf(pid.get()) : -1;
        StringBuilder line = new StringBuilder(String.format("%s, %6d streams (connected in %d ms):", what, n, ms));
        if (child != null) {
            line.append(String.format(" proxy heap %.1f MiB (%+.1f MiB, %d B per stream)", heap1 / 1048576.0,
                    (heap1 - heap0) / 1048576.0, (heap1 - heap0) / n));
        }
        if (rss1 >= 0) {
            line.append(String.format(", RSS %.1f MiB (%d B per stream)", rss1 / 1048576.0, (rss1 - rss0) / n));
        }
        System.out.println(line);
        LoadRuns.closeAll(streams);
        Thread.sleep(2000);
    }

    /** Opens the idle streams of one measurement. */
    private interface Opener {
        List<SecureStream> open() throws Exception;
    }
}
