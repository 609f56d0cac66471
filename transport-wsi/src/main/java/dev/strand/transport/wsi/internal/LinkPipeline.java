package dev.strand.transport.wsi.internal;

import dev.strand.transport.wsi.WsiSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;

/**
 * The pipeline every link channel gets: {@code [tls] → flush → link}, and its options.
 *
 * <p>Every {@code Link.write} is a {@code writeAndFlush}; Netty's {@link FlushConsolidationHandler}
 * (above TLS, so that one flush also makes one TLS record batch) turns the flushes of one
 * event-loop turn into one: during a read burst it flushes when the burst ends, otherwise from a
 * task queued behind the current one, and in any case after {@link #FLUSH_AFTER_WRITES} writes.
 * So bytes are never held past the end of the current turn.
 */
final class LinkPipeline {

    /** Writes after which a flush happens even in the middle of a turn. */
    static final int FLUSH_AFTER_WRITES = 256;

    private LinkPipeline() {
    }

    static void configure(Channel ch, WsiSettings settings, boolean tcp) {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(settings.writeLowWaterMark(),
                settings.writeHighWaterMark()));
        ch.config().setAutoRead(true);
        if (tcp) {
            ch.config().setOption(ChannelOption.TCP_NODELAY, true);
        }
    }

    /**
     * On close, TLS sends close_notify (within the close flush timeout) and waits, reading, for
     * the peer's (at most the close linger), so that closing never resets bytes in flight.
     */
    static void install(Channel ch, SslHandler tls, LinkChannelHandler link, WsiSettings settings) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            tls.setCloseNotifyFlushTimeoutMillis(settings.closeFlushTimeout().toMillis());
            tls.setCloseNotifyReadTimeoutMillis(settings.closeLinger().toMillis());
            p.addLast("tls", tls);
        }
        p.addLast("flush", new FlushConsolidationHandler(FLUSH_AFTER_WRITES, true));
        p.addLast("link", link);
    }
}
