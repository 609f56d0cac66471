package dev.strand.transport.wsi;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loop.EventLoopGroup;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough measurement, not a test and not part of the build's checks: one link writes 1 KiB
 * buffers as fast as backpressure lets it, the other end echoes them, and the writer counts the
 * bytes that come back. Over an abstract Unix socket and TCP, with links on Netty loops and on
 * core-net's JDK loops (each end on its own loop thread; with core-net loops the sockets run on
 * the shared Netty group besides). Prints echoed bytes per second. Run from the command line:
 *
 * <pre>
 * mvn -q -pl transport-wsi -am test-compile
 * mvn -q -pl transport-wsi dependency:build-classpath -Dmdep.outputFile=/tmp/wsi.cp
 * java -cp "$(cat /tmp/wsi.cp):transport-wsi/target/classes:transport-wsi/target/test-classes" \
 *     dev.strand.transport.wsi.EchoThroughput [seconds [unix|tcp]]
 * </pre>
 * The {@code strand.wsi.*} system properties of {@link WsiSettings} apply.
 */
public final class EchoThroughput {

    private static final int WRITE_SIZE = 1024;

    private EchoThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String only = args.length > 1 ? args[1] : "";
        WsiTransport transport = new WsiTransport(WsiSettings.fromSystemProperties());
        try (NettyLoopGroup nettyServer = NettyLoopGroup.create("bench-netty-server", 1);
             NettyLoopGroup nettyClient = NettyLoopGroup.create("bench-netty-client", 1);
             EventLoopGroup foreignServer = new EventLoopGroup("bench-server", 1);
             EventLoop foreignClient = new EventLoop("bench-client")) {
            for (String where : new String[] {"unix:@strand-bench-" + UUID.randomUUID(), "tcp:127.0.0.1:0"}) {
                if (!where.startsWith(only)) {
                    continue;
                }
                run(transport, where, "netty loops", nettyServer, nettyClient.next(), seconds);
                run(transport, where, "core-net loops", foreignServer, foreignClient, seconds);
            }
        }
        WsiResources.shutdown();
    }

    private static void run(WsiTransport transport, String where, String mode, LoopGroup serverLoops, Loop clientLoop,
                            int seconds) throws Exception {
        try (Listener listener = transport.listen(Endpoint.parse(where), serverLoops, link -> new Echo())) {
            Writer writer = new Writer();
            transport.connect(listener.endpoint(), ConnectOptions.DEFAULT, clientLoop, writer);
            Link link = writer.opened.get(10, TimeUnit.SECONDS);
            Thread.sleep(500);
            long start = System.nanoTime();
            long before = writer.echoed.get();
            Thread.sleep(seconds * 1000L);
            long bytes = writer.echoed.get() - before;
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-6s %-15s 1 KiB writes: %8.1f MiB/s echoed (%,d bytes in %.1f s)%n",
                    where.startsWith("unix") ? "@uds" : "tcp", mode, bytes / elapsed / (1 << 20), bytes, elapsed);
            CompletableFuture<Void> closed = writer.closed;
            link.loop().execute(link::close);
            closed.get(10, TimeUnit.SECONDS);
        }
    }

    /** Writes 1 KiB buffers while writable, counts what comes back. */
    private static final class Writer implements LinkHandler {
        final CompletableFuture<Link> opened = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final AtomicLong echoed = new AtomicLong();
        private final ByteBuffer chunk = ByteBuffer.allocate(WRITE_SIZE);

        @Override
        public void onOpen(Link link) {
            opened.complete(link);
            pump(link);
        }

        @Override
        public void onWritable(Link link) {
            pump(link);
        }

        private void pump(Link link) {
            while (link.isOpen()) {
                chunk.clear();
                if (!link.write(chunk)) {
                    link.requestWrite();
                    return;
                }
            }
        }

        @Override
        public void onRead(Link link, ByteBuffer data) {
            echoed.addAndGet(data.remaining());
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
            closed.complete(null);
        }
    }

    /** Writes back what it reads; stops reading while its link is not writable. */
    private static final class Echo implements LinkHandler {
        @Override
        public void onRead(Link link, ByteBuffer data) {
            if (!link.write(data)) {
                link.setReading(false);
                link.requestWrite();
            }
        }

        @Override
        public void onWritable(Link link) {
            link.setReading(true);
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
        }
    }
}
