package dev.strand.transport.wsi.internal;

import dev.strand.transport.wsi.WsiSettings;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three ways a link's channel ends. Safe from any thread.
 *
 * <ul>
 *   <li>{@link #closeGracefully()}: after the written bytes reached the socket, a lingering
 *       close, so that none of them is lost to a reset. A TCP socket closed with unread bytes in
 *       its receive queue sends RST, and the peer's kernel then drops whatever it had not
 *       delivered yet; so instead of closing at once it ends our side (TLS close_notify, or a FIN
 *       through {@code shutdownOutput}) and keeps reading, discarding, until the peer closes too.
 *       Both waits are bounded by {@link WsiSettings}.</li>
 *   <li>{@link #abort()}: at once, below TLS, with a TCP reset so that the peer sees it.</li>
 *   <li>{@link #closeNow()}: at once, below TLS (no close_notify to wait for).</li>
 * </ul>
 */
final class ChannelCloser {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelCloser.class);

    private final Channel channel;
    private final String peer;
    private final boolean tcp;
    private final long flushTimeoutMillis;
    private final long lingerMillis;

    ChannelCloser(Channel channel, String peer, boolean tcp, WsiSettings settings) {
        this.channel = channel;
        this.peer = peer;
        this.tcp = tcp;
        this.flushTimeoutMillis = settings.closeFlushTimeout().toMillis();
        this.lingerMillis = settings.closeLinger().toMillis();
    }

    void closeGracefully() {
        channel.config().setAutoRead(true);
        ScheduledFuture<?> flushDeadline = closeNowAfter(flushTimeoutMillis, "bytes not flushed");
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            flushDeadline.cancel(false);
            endOurSide(f.isSuccess());
        });
    }

    private void endOurSide(boolean flushed) {
        if (!flushed || !channel.isActive()) {
            channel.close();
            return;
        }
        closeNowAfter(lingerMillis, "the peer did not close");
        if (channel.pipeline().get(SslHandler.class) != null) {
            channel.close();
        } else if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
        } else {
            channel.close();
        }
    }

    private ScheduledFuture<?> closeNowAfter(long millis, String what) {
        ScheduledFuture<?> f = channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                LOG.debug("link {}: {} within {} ms of close(); closing now", peer, what, millis);
                closeNow();
            }
        }, millis, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(c -> f.cancel(false));
        return f;
    }

    void abort() {
        EventLoop el = channel.eventLoop();
        if (el.inEventLoop()) {
            resetNow();
        } else {
            el.execute(this::resetNow);
        }
    }

    private void resetNow() {
        if (!channel.isOpen()) {
            return;
        }
        if (tcp) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (ChannelException e) {
                LOG.debug("link {}: cannot set SO_LINGER for a reset", peer, e);
            }
        }
        closeNow();
    }

    void closeNow() {
        ChannelHandlerContext first = channel.pipeline().firstContext();
        if (first != null) {
            first.close();
        } else {
            channel.close();
        }
    }
}
