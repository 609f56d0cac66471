package dev.strand.transport.wsi.internal;

import dev.strand.api.Endpoint;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.Listener;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiSettings;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket. TCP binds exactly the host given ({@code 0.0.0.0} or {@code ::} only when
 * written so); a Unix path replaces a stale socket file and is removed on close; an abstract name
 * is bound with its exact length. The server channel lives on the given {@link NettyLoopGroup}
 * when it is one, otherwise on a shared group. Thread-safe.
 */
public final class WsiListener implements Listener {

    private static final Logger LOG = LoggerFactory.getLogger(WsiListener.class);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final Endpoint endpoint;
    private final ServerChannel channel;
    private final Path socketFile;
    private final Object socketFileKey;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean nativeIo;

    private WsiListener(Endpoint endpoint, ServerChannel channel, boolean nativeIo, Path socketFile,
                        Object socketFileKey) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.nativeIo = nativeIo;
        this.socketFile = socketFile;
        this.socketFileKey = socketFileKey;
    }

    /**
     * Listens on {@code endpoint}; accepted links are offered to {@code acceptor} on loops from
     * {@code loops}. {@code serverTls}, when not {@code null}, runs TLS on every accepted link
     * (for tests; the api's listeners are plain).
     *
     * @throws IOException if the endpoint cannot be bound, saying why
     */
    public static WsiListener open(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor, WsiSettings settings,
                                   SslContext serverTls) throws IOException {
        Target target = Target.of(endpoint);
        IoKind kind = null;
        EventLoop serverLoop = null;
        if (loops instanceof NettyLoopGroup group) {
            EventLoop candidate = group.next().eventLoop();
            Optional<IoKind> own = IoKinds.of(candidate);
            if (own.isPresent() && own.get().supports(target)) {
                kind = own.get();
                serverLoop = candidate;
            }
        }
        if (kind == null) {
            kind = Placement.kindFor(target, settings);
            serverLoop = SharedGroups.group(kind).next().eventLoop();
        }
        SocketAddress address;
        if (target.isTcp()) {
            address = target.resolvedTcp();
        } else {
            if (target.type() == Target.Type.UNIX_PATH) {
                UnixSocketFiles.prepareForBind(target.path());
            }
            address = kind.unixAddress(target);
        }

        ServerChannel server = kind.newServerChannel(target);
        if (target.isTcp()) {
            server.config().setOption(ChannelOption.SO_REUSEADDR, true);
        }
        server.pipeline().addLast("accept", new AcceptHandler(endpoint, kind, target.isTcp(), loops, acceptor,
                settings, serverTls));
        ChannelFuture registered = serverLoop.register(server).awaitUninterruptibly();
        if (!registered.isSuccess()) {
            throw new IOException("cannot listen on " + endpoint + ": " + registered.cause().getMessage(),
                    registered.cause());
        }
        ChannelFuture bound = server.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            server.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + endpoint + ": " + bound.cause().getMessage(), bound.cause());
        }

        Endpoint actual = endpoint;
        Path file = null;
        Object fileKey = null;
        if (target.isTcp()) {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
            actual = Endpoint.of("tcp", host + ":" + port, endpoint.params());
        } else if (target.type() == Target.Type.UNIX_PATH) {
            file = target.path();
            fileKey = UnixSocketFiles.fileKey(file);
        }
        LOG.info("listening on {} ({})", actual, kind.name());
        return new WsiListener(actual, server, kind.isNative(), file, fileKey);
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ChannelFuture done = channel.close();
        if (!channel.eventLoop().inEventLoop()) {
            done.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            if (!nativeIo) {
                // NIO closes a socket registered with a selector only at the selector's next
                // select, so until then the kernel still completes connects into the backlog.
                // A scheduled task runs only after the next select: wait for one, so that the
                // port refuses connections once close() returns.
                channel.eventLoop().schedule(() -> { }, 1, TimeUnit.MILLISECONDS)
                        .awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
        if (socketFile != null) {
            UnixSocketFiles.removeIfSame(socketFile, socketFileKey);
        }
        LOG.info("stopped listening on {}", endpoint);
    }

    @Override
    public String toString() {
        return "wsi-listener(" + endpoint + ")";
    }
}
