package dev.strand.examples.binance.feed;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the {@link LocalFeed}: after the WebSocket handshake, a fixed-rate timer on the
 * connection's event loop sends the script's next depth update (and the bookTicker after it, if
 * one follows) on each tick the connection can take it. Requests for other paths get 404; what
 * the client sends (a SUBSCRIBE, say) is read and ignored. Confined to the connection's event loop.
 */
final class FeedConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FeedConnection.class);

    private final LocalFeed.Counters feed;
    private final LocalFeed.Options options;
    private ScheduledFuture<?> ticks;
    private long next;

    FeedConnection(LocalFeed.Counters feed, LocalFeed.Options options) {
        this.feed = feed;
        this.options = options;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
            feed.connections.incrementAndGet();
            LOG.info("local feed: {} subscribed to {}", ctx.channel().remoteAddress(), hs.requestUri());
            long period = TimeUnit.SECONDS.toNanos(1) / options.messagesPerSecond();
            ticks = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), 0, period, TimeUnit.NANOSECONDS);
        }
        super.userEventTriggered(ctx, event);
    }

    private void tick(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!ctx.channel().isWritable()) {
            feed.stalledTicks.incrementAndGet();
            return;
        }
        long now = System.currentTimeMillis();
        send(ctx, options.script().depthUpdate(next, now));
        feed.depthUpdates.incrementAndGet();
        if (options.script().tickerAfter(next)) {
            send(ctx, options.script().bookTicker(next, now));
        }
        next++;
        ctx.flush();
    }

    private void send(ChannelHandlerContext ctx, String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(b)));
        feed.messages.incrementAndGet();
        feed.bytes.addAndGet(b.length);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpRequest request) {
                DefaultFullHttpResponse notFound = new DefaultFullHttpResponse(request.protocolVersion(),
                        HttpResponseStatus.NOT_FOUND,
                        Unpooled.copiedBuffer("the feed serves " + LocalFeed.PATH + "\n", StandardCharsets.US_ASCII));
                notFound.headers().set(HttpHeaderNames.CONTENT_LENGTH, notFound.content().readableBytes());
                ctx.writeAndFlush(notFound).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ticks != null) {
            ticks.cancel(false);
            LOG.info("local feed: {} left after {} depth updates", ctx.channel().remoteAddress(), next);
        }
        super.channelInactive(ctx);
    }

    /** A peer that resets or drops the connection is not a fault of the feed's; anything else is logged as one. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.info("local feed: the connection from {} ended: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("local feed: closing the connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
