package dev.strand.examples.binance.feed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binance demo's local feed: a WebSocket-over-TLS server that answers
 * {@code wss://HOST:PORT/stream?streams=...} (any path under {@value #PATH}) and then sends
 * {@link FeedScript}'s messages at a fixed rate to each client, from message 0, as long as it is
 * connected. A client that cannot keep up is not skipped ahead: while its connection is not
 * writable, ticks pass without sending, so every client sees the script without gaps.
 *
 * <p>Built on Netty directly (TLS, HTTP/1.1 upgrade, RFC 6455 frames): Strand's transport API
 * listens without TLS, and a feed written with another WebSocket implementation than Strand's
 * own also checks that Strand's client talks to a server it did not write. The certificate is
 * {@link FeedCertificates}'s; nothing here trusts or verifies anything.
 *
 * <p>Thread-safe; the counters may be read from any thread.
 */
public final class LocalFeed implements AutoCloseable {

    /** The path prefix the feed serves. */
    public static final String PATH = "/stream";

    private static final Logger LOG = LoggerFactory.getLogger(LocalFeed.class);
    private static final int MAX_REQUEST = 8192;
    private static final long CLOSE_WAIT_S = 5;

    /**
     * Where and how fast the feed runs.
     *
     * @param host              the address to bind (an IP literal; the certificate names it)
     * @param port              the TCP port, 0 for any free one
     * @param messagesPerSecond depth updates per second per client
     * @param script            what the messages say
     */
    public record Options(String host, int port, int messagesPerSecond, FeedScript script) {
        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(script, "script");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not 0..65535");
            }
            if (messagesPerSecond < 1 || messagesPerSecond > 10_000) {
                throw new IllegalArgumentException("rate " + messagesPerSecond + " is not 1..10000 messages/s");
            }
        }

        /** The demo's feed: 127.0.0.1, any port, {@code rate} updates a second, one sawtooth a second, a bookTicker every 5. */
        public static Options demo(int rate) {
            return new Options("127.0.0.1", 0, rate, new FeedScript(rate, 5));
        }
    }

    /** What the feed did, counted by its connections (from any thread). */
    static final class Counters {
        final AtomicLong connections = new AtomicLong();
        final AtomicLong depthUpdates = new AtomicLong();
        final AtomicLong messages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong stalledTicks = new AtomicLong();
    }

    private final Options options;
    private final EventLoopGroup group;
    private final Channel server;
    private final int port;
    private final Counters counters;

    private LocalFeed(Options options, EventLoopGroup group, Channel server, Counters counters) {
        this.options = options;
        this.group = group;
        this.server = server;
        this.counters = counters;
        this.port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Starts the feed with {@code certificates}' server key and chain.
     *
     * @throws IOException if it cannot listen, or the certificates cannot be used
     */
    public static LocalFeed start(Options options, FeedCertificates certificates) throws IOException {
        SslContext tls;
        try {
            tls = SslContextBuilder.forServer(certificates.serverKey(), certificates.serverChain())
                    .sslProvider(SslProvider.JDK)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("the feed cannot use its certificate: " + e.getMessage(), e);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Counters counters = new Counters();
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .checkStartsWith(true)
                .handleCloseFrames(true)
                .build();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        ch.pipeline().addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST));
                        ch.pipeline().addLast("ws", new WebSocketServerProtocolHandler(ws));
                        ch.pipeline().addLast("feed", new FeedConnection(counters, options));
                    }
                });
        ChannelFuture bound = b.bind(options.host(), options.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("the feed cannot listen on " + options.host() + ":" + options.port() + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        LocalFeed feed = new LocalFeed(options, group, bound.channel(), counters);
        LOG.info("local feed listening on wss://{}:{}{}, {} depth updates/s", options.host(), feed.port, PATH,
                options.messagesPerSecond());
        return feed;
    }

    /** The address the feed is bound to. */
    public String host() {
        return options.host();
    }

    /** The TCP port the feed listens on. */
    public int port() {
        return port;
    }

    /** The options it runs with. */
    public Options options() {
        return options;
    }

    /** WebSocket clients that completed the handshake so far. */
    public long connections() {
        return counters.connections.get();
    }

    /** Depth updates sent so far, to all clients. */
    public long depthUpdatesSent() {
        return counters.depthUpdates.get();
    }

    /** Messages (depth updates and bookTickers) sent so far. */
    public long messagesSent() {
        return counters.messages.get();
    }

    /** Payload bytes of those messages. */
    public long bytesSent() {
        return counters.bytes.get();
    }

    /** Ticks that sent nothing because a client's connection was full. */
    public long stalledTicks() {
        return counters.stalledTicks.get();
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(CLOSE_WAIT_S, TimeUnit.SECONDS);
        group.shutdownGracefully(0, CLOSE_WAIT_S, TimeUnit.SECONDS).awaitUninterruptibly(2 * CLOSE_WAIT_S,
                TimeUnit.SECONDS);
        LOG.info("local feed on port {} stopped after {} depth updates", port, counters.depthUpdates.get());
    }
}
