package dev.strand.transport.wsi.internal;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.TlsOptions;
import dev.strand.transport.wsi.WsiSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * Opens outgoing links: builds the channel and its pipeline, registers it where
 * {@link Placement} says, connects (Netty resolves TCP host names on the event loop) and arms one
 * deadline for connect and TLS handshake together.
 */
public final class Connector {

    private Connector() {
    }

    /** See {@link dev.strand.api.transport.TransportOps#connect}. */
    public static Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler,
                                         WsiSettings settings) {
        Target target = Target.of(endpoint);
        TlsOptions tls = options.tls().orElse(null);
        if (tls != null && !target.isTcp()) {
            throw new IllegalArgumentException("the wsi transport offers TLS over tcp: endpoints only, not " + endpoint);
        }
        Placement placement;
        SslContext sslContext;
        try {
            placement = Placement.forConnect(loop, target, settings);
            sslContext = tls != null ? TlsContexts.forClient(tls) : null;
        } catch (IOException e) {
            loop.execute(() -> handler.onConnectFailed(e));
            return () -> false;
        }
        long timeoutMillis = Math.max(1, Math.min(options.connectTimeout().toMillis(), Integer.MAX_VALUE));

        Channel ch = placement.kind().newChannel(target);
        NettyLink link = new NettyLink(ch, loop, endpoint.toString(), target.isTcp(), settings);
        LinkChannelHandler linkHandler = new LinkChannelHandler(link, placement, tls != null,
                new ClientOpener(target, handler));
        LinkPipeline.configure(ch, settings, target.isTcp());
        ch.config().setConnectTimeoutMillis((int) timeoutMillis);
        SslHandler sslHandler = null;
        if (sslContext != null) {
            sslHandler = sslContext.newHandler(ch.alloc(), tls.serverName(), target.port());
            sslHandler.setHandshakeTimeoutMillis(0); // the link's own deadline covers connect and handshake
        }
        LinkPipeline.install(ch, sslHandler, linkHandler, settings);

        SocketAddress address = target.isTcp() ? target.unresolvedTcp() : placement.kind().unixAddress(target);
        new Bootstrap()
                .group(placement.eventLoop())
                .channelFactory(() -> ch)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        // the pipeline is built before registration
                        if (!placement.direct()) {
                            SharedGroups.track(c);
                        }
                    }
                })
                .connect(address)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        linkHandler.failOpening(f.cause());
                    }
                });
        linkHandler.armDeadline(placement.eventLoop(), timeoutMillis);
        return linkHandler::abandon;
    }
}
