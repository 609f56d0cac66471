package dev.strand.benchmarks.mux;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.mux.MuxChannel;
import dev.strand.core.net.mux.MuxSession;
import dev.strand.core.net.mux.MuxTransport;
import dev.strand.core.net.registry.Providers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long a mux session takes to notice that its link is gone: a client and a server
 * session on real loops over in-JVM links ({@link TapTransport}) that are cut silently at a random
 * moment of the PING cycle; the time is from the cut until the client's open channel is closed
 * (link down). Between samples the cable is mended and the link recovers.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.strand.benchmarks.mux.LinkLossTimer [pingMs graceMs samples]</pre>
 *
 * With no arguments it runs lws's 10 s / 2 s (5 samples) and 300 ms / 300 ms (20 samples).
 */
public final class LinkLossTimer {

    private LinkLossTimer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3) {
            run(Long.parseLong(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]));
        } else {
            run(10_000, 2_000, 5);
            run(300, 300, 20);
        }
    }

    static void run(long pingMs, long graceMs, int samples) throws Exception {
        TapTransport tap = new TapTransport();
        Providers providers = Providers.empty();
        providers.addTransport(tap);
        MuxTransport mux = new MuxTransport(providers);
        String params = "?ping=" + pingMs + "ms&grace=" + graceMs + "ms";
        Endpoint endpoint = Endpoint.parse("mux+tap:loss-" + System.nanoTime() + params);
        SplittableRandom random = new SplittableRandom(7);
        List<Long> times = new ArrayList<>();
        try (EventLoop client = new EventLoop("loss-client"); EventLoop server = new EventLoop("loss-server")) {
            Listener listener = mux.listen(endpoint, server, link -> new Quiet(null));
            for (int i = 0; i < samples; i++) {
                CompletableFuture<Throwable> closed = new CompletableFuture<>();
                CompletableFuture<Link> opened = new CompletableFuture<>();
                mux.connect(endpoint, ConnectOptions.DEFAULT.withConnectTimeout(java.time.Duration.ofSeconds(60)),
                        client, new Quiet(closed) {
                            @Override
                            public void onOpen(Link link) {
                                opened.complete(link);
                            }
                        });
                MuxSession session = ((MuxChannel) opened.get(60, TimeUnit.SECONDS)).session();
                Thread.sleep(random.nextLong(pingMs));
                long cut = System.nanoTime();
                tap.cut(true);
                closed.get(pingMs + graceMs + 30_000, TimeUnit.MILLISECONDS);
                long ms = (System.nanoTime() - cut) / 1_000_000;
                times.add(ms);
                if (session.isLinkUp()) {
                    throw new IllegalStateException("channel closed but the link is up");
                }
                tap.cut(false);
            }
            listener.close();
            mux.close();
        }
        Collections.sort(times);
        long sum = times.stream().mapToLong(Long::longValue).sum();
        System.out.println(String.format(Locale.ROOT,
                "ping %d ms, grace %d ms: %d samples, link loss detected after min %d ms, median %d ms, mean %d ms, max %d ms (bound %d ms)",
                pingMs, graceMs, samples, times.get(0), times.get(times.size() / 2), sum / times.size(),
                times.get(times.size() - 1), pingMs + graceMs));
    }

    private static class Quiet implements LinkHandler {
        private final CompletableFuture<Throwable> closed;

        Quiet(CompletableFuture<Throwable> closed) {
            this.closed = closed;
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
            if (closed != null) {
                closed.complete(cause);
            }
        }
    }
}
