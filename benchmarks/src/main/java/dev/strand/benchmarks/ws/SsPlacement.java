package dev.strand.benchmarks.ws;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.SecureStreams;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.protocol.ws.WsProtocol;
import dev.strand.secure.streams.InProcessSecureStreams;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.proxy.SsProxyServer;
import dev.strand.transport.uart.UartTransport;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The {@link SecureStreams} of one placement for {@link SsWsEchoBench}, with what serves it: nothing
 * more ({@code in-process}); a Strand SS proxy on its own one-thread loop group reached over an
 * abstract Unix socket ({@code proxy-uds}), over the transport mux on an abstract Unix socket
 * ({@code proxy-mux-uds}), or over {@code uart:} (which always carries the mux) on a socat pty pair
 * ({@code proxy-uart-mux}, a UART without a baud limit). The proxy runs in this JVM.
 */
final class SsPlacement implements AutoCloseable {

    static final List<String> NAMES = List.of("in-process", "proxy-uds", "proxy-mux-uds", "proxy-uart-mux");

    final String name;
    final SecureStreams streams;
    private final List<AutoCloseable> parts;

    private SsPlacement(String name, SecureStreams streams, List<AutoCloseable> parts) {
        this.name = name;
        this.streams = streams;
        this.parts = parts;
    }

    static SsPlacement start(String name, Policy policy, WsiTransport wsi) throws Exception {
        List<AutoCloseable> parts = new ArrayList<>();
        Providers onward = Providers.empty();
        onward.addTransport(wsi);
        onward.addProtocol(new WsProtocol());
        StreamContext context = new StreamContext(onward, RandomGenerator.getDefault(), Duration.ofSeconds(10));
        switch (name) {
            case "in-process" -> {
                return new SsPlacement(name, new InProcessSecureStreams(policy, context), parts);
            }
            case "proxy-uds" -> {
                Endpoint at = Endpoint.parse("@strand-ss-bench-" + System.nanoTime());
                proxy(policy, onward, context, at, parts);
                return client(name, SsProxyClient.builder(wsi, at).build(), parts);
            }
            case "proxy-mux-uds", "proxy-uart-mux" -> {
                String proxySide;
                String clientSide;
                if (name.equals("proxy-uart-mux")) {
                    Pty pty = new Pty();
                    parts.add(pty);
                    proxySide = "uart:" + pty.b + "?poll=50ms";
                    clientSide = "uart:" + pty.a + "?baud=2000000";
                } else {
                    proxySide = "mux+unix:@strand-ss-bench-mux-" + System.nanoTime();
                    clientSide = proxySide;
                }
                onward.addTransport(new UartTransport());
                proxy(policy, onward, context, Endpoint.parse(proxySide), parts);
                Providers client = Providers.empty();
                client.addTransport(wsi);
                client.addTransport(new UartTransport());
                return client(name, SsProxyClient.builder(Endpoint.parse(clientSide), client).build(), parts);
            }
            default -> throw new IllegalArgumentException("unknown placement '" + name + "' (" + String.join(", ", NAMES) + ")");
        }
    }

    private static void proxy(Policy policy, Providers providers, StreamContext context, Endpoint at,
                              List<AutoCloseable> parts) throws IOException {
        NettyLoopGroup loops = NettyLoopGroup.create("ss-bench-proxy", 1);
        parts.add(0, loops);
        SsProxyServer proxy = SsProxyServer.builder(policy).listen(at).providers(providers).loops(loops)
                .streamContext(context).build();
        proxy.start();
        parts.add(0, proxy);
    }

    private static SsPlacement client(String name, SsProxyClient client, List<AutoCloseable> parts) {
        parts.add(0, client);
        return new SsPlacement(name, client, parts);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable p : parts) {
            p.close();
        }
    }

    /** A socat pty pair: two serial devices wired to each other. */
    static final class Pty implements AutoCloseable {
        private final Path dir;
        final Path a;
        final Path b;
        private final Process socat;

        Pty() throws Exception {
            dir = Files.createTempDirectory("strand-ss-bench-pty");
            a = dir.resolve("a");
            b = dir.resolve("b");
            socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(Files.exists(a) && Files.exists(b))) {
                if (!socat.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("socat did not make a pty pair (apt-get install socat): "
                            + Files.readString(dir.resolve("socat.log")));
                }
                Thread.sleep(5);
            }
        }

        @Override
        public void close() throws Exception {
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
            Files.deleteIfExists(dir.resolve("socat.log"));
            Files.deleteIfExists(dir);
        }
    }
}
