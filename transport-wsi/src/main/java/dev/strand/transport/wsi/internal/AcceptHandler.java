package dev.strand.transport.wsi.internal;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.transport.wsi.WsiSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server channel's handler: gives each accepted channel a loop from the listener's
 * {@link LoopGroup}, builds its link and pipeline, and registers it on that loop's event loop when
 * it is a compatible Netty loop (no thread hop) or on a shared group otherwise. If accepting fails
 * (out of file descriptors), it logs one line and pauses accepting for a second.
 */
final class AcceptHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptHandler.class);

    private final Endpoint endpoint;
    private final IoKind kind;
    private final boolean tcp;
    private final LoopGroup loops;
    private final LinkAcceptor acceptor;
    private final WsiSettings settings;
    private final SslContext serverTls;
    private final AtomicLong accepted = new AtomicLong();

    AcceptHandler(Endpoint endpoint, IoKind kind, boolean tcp, LoopGroup loops, LinkAcceptor acceptor,
                  WsiSettings settings, SslContext serverTls) {
        this.endpoint = endpoint;
        this.kind = kind;
        this.tcp = tcp;
        this.loops = loops;
        this.acceptor = acceptor;
        this.settings = settings;
        this.serverTls = serverTls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        try {
            adopt(child);
        } catch (Throwable t) {
            LOG.warn("listener {}: cannot take an accepted connection: {}", endpoint, t.toString());
            child.unsafe().closeForcibly();
        }
    }

    private void adopt(Channel child) {
        Loop loop = loops.next();
        Placement placement = Placement.forAccepted(kind, loop);
        String peer = peerName(child, accepted.incrementAndGet());
        NettyLink link = new NettyLink(child, loop, peer, tcp, settings);
        LinkChannelHandler handler = new LinkChannelHandler(link, placement, serverTls != null,
                new AcceptedOpener(acceptor, peer));
        LinkPipeline.configure(child, settings, tcp);
        LinkPipeline.install(child, serverTls != null ? serverTls.newHandler(child.alloc()) : null, handler, settings);
        placement.eventLoop().register(child).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("listener {}: cannot register link {}: {}", endpoint, peer, f.cause().toString());
                child.unsafe().closeForcibly();
            } else if (!placement.direct()) {
                SharedGroups.track(child);
            }
        });
    }

    private String peerName(Channel child, long n) {
        SocketAddress remote = child.remoteAddress();
        if (tcp && remote instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return "tcp:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return endpoint + "#" + n;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("listener {}: accepting failed, pausing for 1 s: {}", endpoint, cause.toString());
        Channel server = ctx.channel();
        server.config().setAutoRead(false);
        server.eventLoop().schedule(() -> server.config().setAutoRead(true), 1, TimeUnit.SECONDS);
    }
}
