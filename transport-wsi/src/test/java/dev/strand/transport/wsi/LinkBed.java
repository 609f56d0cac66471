package dev.strand.transport.wsi;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TlsOptions;
import dev.strand.transport.wsi.internal.WsiListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A listener and its clients for one {@link Variant}: picks a fresh endpoint (a temp-dir socket
 * path, a random abstract name, or 127.0.0.1 on a free port), listens there (with a TLS server
 * certificate for {@code TLS}) and connects clients with matching options. Closing it closes the
 * listener and removes the temp dir.
 */
final class LinkBed implements AutoCloseable {

    final Variant variant;
    final WsiTransport transport;
    private final Path dir;
    private Listener listener;

    LinkBed(Variant variant) throws IOException {
        this.variant = variant;
        this.transport = new WsiTransport(variant.settings());
        this.dir = Files.createTempDirectory("strand-wsi-");
    }

    /** Listens on a fresh endpoint and returns where clients can reach it. */
    Endpoint listen(LinkAcceptor acceptor) throws Exception {
        Endpoint endpoint = freshEndpoint();
        listener = variant.socket() == Variant.Socket.TLS
                ? WsiListener.open(endpoint, variant.serverLoops(), acceptor, variant.settings(), TestPki.server())
                : transport.listen(endpoint, variant.serverLoops(), acceptor);
        return listener.endpoint();
    }

    /** One link made on this bed: the client's probe and its end, and the accepting end's probe. */
    record OneLink(Probe client, Link link, Probe server) {
    }

    /**
     * Listens with {@code server} as the handler of the link accepted (the caller connects one),
     * connects a recording client, and returns once both ends are open.
     */
    OneLink openOne(Probe server) throws Exception {
        listen(accepted -> server);
        Probe client = Probe.recorder();
        connect(client);
        Link link = client.awaitOpen();
        server.awaitOpen();
        return new OneLink(client, link, server);
    }

    Listener listener() {
        return listener;
    }

    /** Connects a client on the variant's client loop to the listener. */
    Loop.Scheduled connect(LinkHandler handler) {
        return connect(handler, variant.clientLoop());
    }

    Loop.Scheduled connect(LinkHandler handler, Loop loop) {
        return transport.connect(listener.endpoint(), options(), loop, handler);
    }

    ConnectOptions options() {
        ConnectOptions plain = ConnectOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(10));
        return variant.socket() == Variant.Socket.TLS
                ? plain.withTls(TlsOptions.to("localhost").trusting(TestPki.CA.getCertificatePEM()))
                : plain;
    }

    /** An endpoint of this variant's kind where nothing listens. */
    Endpoint nowhere() throws IOException {
        return switch (variant.socket()) {
            case TCP, TLS, NIO_TCP -> {
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                yield Endpoint.parse("tcp:127.0.0.1:" + port);
            }
            case UNIX_ABSTRACT -> Endpoint.parse("unix:@strand-nowhere-" + UUID.randomUUID());
            case UNIX_PATH, NIO_UNIX_PATH -> Endpoint.parse("unix:" + dir.resolve("nowhere.sock"));
        };
    }

    private Endpoint freshEndpoint() {
        return switch (variant.socket()) {
            case TCP, TLS, NIO_TCP -> Endpoint.parse("tcp:127.0.0.1:0");
            case UNIX_ABSTRACT -> Endpoint.parse("unix:@strand-test-" + UUID.randomUUID());
            case UNIX_PATH, NIO_UNIX_PATH -> Endpoint.parse("unix:" + dir.resolve("l.sock"));
        };
    }

    @Override
    public void close() throws IOException {
        if (listener != null) {
            listener.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
