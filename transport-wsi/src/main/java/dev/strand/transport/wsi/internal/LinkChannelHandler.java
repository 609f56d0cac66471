package dev.strand.transport.wsi.internal;

import dev.strand.api.Loop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's side of a {@link NettyLink}: the last handler of the pipeline. It runs on the
 * channel's event loop and turns channel events into link events, delivered in place when the
 * link's loop is this event loop and handed over with {@code loop.execute} (inbound bytes copied)
 * when it is not. Events of one link are delivered in the order they happened.
 *
 * <p>A link opens when the socket is active or, with TLS, when the handshake has succeeded. Until
 * then the attempt can fail or be abandoned; the phase moves CONNECTING → OPEN → DONE or
 * CONNECTING → DONE exactly once (abandoning may come from any thread).
 */
final class LinkChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LinkChannelHandler.class);
    private static final int CONNECTING = 0;
    private static final int OPEN = 1;
    private static final int DONE = 2;

    private final AtomicInteger phase = new AtomicInteger(CONNECTING);
    private final NettyLink link;
    private final Loop loop;
    private final boolean direct;
    private final boolean tls;
    private final LinkOpener opener;
    private Throwable error;
    private boolean active;
    private ScheduledFuture<?> deadline;

    LinkChannelHandler(NettyLink link, Placement placement, boolean tls, LinkOpener opener) {
        this.link = link;
        this.loop = placement.userLoop();
        this.direct = placement.direct();
        this.tls = tls;
        this.opener = opener;
    }

    /** Fails the attempt if the link is not open within {@code millis}. */
    void armDeadline(EventLoop eventLoop, long millis) {
        eventLoop.execute(() -> {
            if (phase.get() == CONNECTING) {
                deadline = eventLoop.schedule(() -> failOpening(new OpenTimeout(active && tls, millis)),
                        millis, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Gives up on the attempt without telling anyone. Any thread. */
    boolean abandon() {
        if (phase.compareAndSet(CONNECTING, DONE)) {
            link.closeBelowTls();
            return true;
        }
        return false;
    }

    /** The attempt failed: tell the opener once, close the channel. On the event loop. */
    void failOpening(Throwable cause) {
        if (phase.compareAndSet(CONNECTING, DONE)) {
            cancelDeadline();
            link.closeBelowTls();
            deliver(() -> opener.failed(cause));
        }
    }

    /** The TLS handshake failed; the TLS handler sends its alert and closes the channel itself. */
    private void failHandshake(Throwable cause) {
        if (phase.compareAndSet(CONNECTING, DONE)) {
            cancelDeadline();
            deliver(() -> opener.failed(cause));
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        active = true;
        ctx.fireChannelActive();
        if (!tls) {
            opened(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                opened(ctx);
            } else {
                failHandshake(handshake.cause());
            }
        } else if (evt instanceof SslCloseCompletionEvent) {
            // the peer ended TLS (close_notify): an orderly end of stream, answered in kind
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void opened(ChannelHandlerContext ctx) {
        if (!phase.compareAndSet(CONNECTING, OPEN)) {
            return;
        }
        cancelDeadline();
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            link.alpn(ssl.applicationProtocol());
        }
        deliver(() -> opener.opened(link));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (phase.get() != OPEN || !buf.isReadable()) {
                return;
            }
            if (direct) {
                link.received(buf.nioBuffer(), false);
            } else {
                ByteBuffer copy = ByteBuffer.allocate(buf.readableBytes());
                buf.readBytes(copy);
                copy.flip();
                loop.execute(() -> link.received(copy, true));
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (phase.get() == OPEN && ctx.channel().isWritable()) {
            deliver(link::writabilityRose);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Remembers the first real error as the link's close cause and closes; Netty's decoder
     * wrapper is taken off, and bad TLS input from the peer is logged. Errors after the
     * channel closed are dropped, as are failed writes to an already closed channel: the cause
     * of that close was reported already.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable thrown) {
        Throwable cause = thrown instanceof DecoderException && thrown.getCause() != null ? thrown.getCause() : thrown;
        int p = phase.get();
        if (p == DONE || cause instanceof ClosedChannelException) {
            LOG.debug("link {}: ignored after close: {}", link.peer(), cause.toString());
            return;
        }
        if (error == null) {
            error = cause;
            if (p == OPEN && (cause instanceof SSLException || !(cause instanceof IOException))) {
                LOG.warn("link {}: closing after {}", link.peer(), cause.toString());
            } else {
                LOG.debug("link {}: closing after {}", link.peer(), cause.toString());
            }
        }
        if (ctx.channel().isOpen()) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        int was = phase.getAndSet(DONE);
        Throwable cause = error;
        if (was == OPEN) {
            deliver(() -> link.channelClosed(cause));
        } else if (was == CONNECTING) {
            Throwable why = cause != null ? cause : new ClosedChannelException();
            deliver(() -> opener.failed(why));
        }
        ctx.fireChannelInactive();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** The link did not open in time; {@code inHandshake} says whether the socket was up. */
    static final class OpenTimeout extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean inHandshake;
        final long millis;

        OpenTimeout(boolean inHandshake, long millis) {
            super((inHandshake ? "TLS handshake" : "connect") + " not done after " + millis + " ms", null, false, false);
            this.inHandshake = inHandshake;
            this.millis = millis;
        }
    }

    private void deliver(Runnable event) {
        if (direct) {
            event.run();
        } else {
            loop.execute(event);
        }
    }
}
