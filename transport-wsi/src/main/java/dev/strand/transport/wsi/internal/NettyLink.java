package dev.strand.transport.wsi.internal;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.transport.wsi.WsiSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Link} over one Netty channel: the owner's side. How the channel ends is
 * {@link ChannelCloser}'s job.
 *
 * <p>Everything here except the constructor and {@link #alpn(String)} runs on the owner's loop
 * ({@link #loop()}); the channel's side ({@link LinkChannelHandler}) calls the package methods
 * there, directly when the channel lives on that loop and through {@code loop.execute} when it
 * does not. Netty's own calls used here ({@code writeAndFlush}, {@code close}, {@code isWritable},
 * {@code setAutoRead}) are safe from any thread and keep their order.
 *
 * <p>Writes copy into a pooled buffer and go down the pipeline at once; a
 * {@code FlushConsolidationHandler} turns the flushes of one event-loop turn into one. Reads that
 * arrive while reading is paused wait in a backlog (copied) and are delivered, in order, before an
 * orderly end of stream.
 */
public final class NettyLink implements Link {

    private static final Logger LOG = LoggerFactory.getLogger(NettyLink.class);

    /** A handler that ignores everything: for links whose owner is gone or refused them. */
    static final LinkHandler IGNORING = new LinkHandler() {
        @Override
        public void onRead(Link link, ByteBuffer data) {
        }

        @Override
        public void onClosed(Link link, Throwable cause) {
        }
    };

    private final Channel channel;
    private final Loop loop;
    private final String peer;
    private final ChannelCloser closer;
    private volatile String alpn;

    private LinkHandler handler = IGNORING;
    private boolean open;
    private boolean closing;
    private boolean finished;
    private boolean reading = true;
    private boolean writeRequested;
    private boolean writableEventQueued;
    private boolean drainQueued;
    private boolean endOfStreamPending;
    private boolean channelGone;
    private Throwable localCause;
    private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();

    public NettyLink(Channel channel, Loop loop, String peer, boolean tcp, WsiSettings settings) {
        this.channel = channel;
        this.loop = loop;
        this.peer = peer;
        this.closer = new ChannelCloser(channel, peer, tcp, settings);
    }

    Channel channel() {
        return channel;
    }

    /** Set by the channel side before the link is opened. */
    void alpn(String protocol) {
        this.alpn = protocol;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public Optional<String> negotiatedAlpn() {
        return Optional.ofNullable(alpn);
    }

    @Override
    public boolean write(ByteBuffer data) {
        loop.assertInLoop();
        if (!open) {
            data.position(data.limit());
            return false;
        }
        int n = data.remaining();
        if (n > 0) {
            ByteBuf buf = channel.alloc().ioBuffer(n);
            buf.writeBytes(data);
            channel.writeAndFlush(buf, channel.voidPromise());
        }
        return channel.isWritable();
    }

    @Override
    public boolean isWritable() {
        return open && channel.isWritable();
    }

    @Override
    public void requestWrite() {
        loop.assertInLoop();
        if (!open) {
            return;
        }
        writeRequested = true;
        if (channel.isWritable()) {
            queueWritableEvent();
        }
    }

    @Override
    public void setReading(boolean on) {
        loop.assertInLoop();
        if (reading == on) {
            return;
        }
        reading = on;
        channel.config().setAutoRead(on);
        if (on && (!backlog.isEmpty() || endOfStreamPending)) {
            queueDrain();
        }
    }

    @Override
    public void close() {
        loop.assertInLoop();
        if (closing || finished) {
            return;
        }
        closing = true;
        open = false;
        if (channelGone) {
            queueFinish();
            return;
        }
        closer.closeGracefully();
    }

    @Override
    public void abort(Throwable cause) {
        loop.assertInLoop();
        if (finished || localCause != null) {
            return;
        }
        closing = true;
        open = false;
        localCause = cause != null ? cause : new IOException("link aborted: " + peer);
        if (channelGone) {
            queueFinish();
            return;
        }
        closer.abort();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Closes the channel now, without waiting for TLS close_notify. Any thread. */
    void closeBelowTls() {
        closer.closeNow();
    }

    // ---- events from the channel side, on this link's loop ----

    void opened(LinkHandler h) {
        handler = h != null ? h : IGNORING;
        if (closing) {
            return;
        }
        open = true;
        try {
            handler.onOpen(this);
        } catch (Throwable t) {
            handlerFailed("onOpen", t);
        }
    }

    /** Bytes from the socket; {@code owned} says whether {@code data} may be kept. */
    void received(ByteBuffer data, boolean owned) {
        if (finished || closing) {
            return;
        }
        if (reading && backlog.isEmpty()) {
            deliver(data);
        } else {
            backlog.add(owned ? data : copyOf(data));
        }
    }

    void writabilityRose() {
        if (writeRequested && open) {
            queueWritableEvent();
        }
    }

    /** The channel is closed; {@code cause} is {@code null} for an orderly end of stream. */
    void channelClosed(Throwable cause) {
        if (finished) {
            return;
        }
        channelGone = true;
        if (closing) {
            finish(localCause);
        } else if (cause == null && !backlog.isEmpty()) {
            endOfStreamPending = true;
            if (reading) {
                queueDrain();
            }
        } else {
            finish(cause);
        }
    }

    private void deliver(ByteBuffer data) {
        try {
            handler.onRead(this, data);
        } catch (Throwable t) {
            handlerFailed("onRead", t);
        }
    }

    private void queueDrain() {
        if (!drainQueued) {
            drainQueued = true;
            loop.execute(this::drain);
        }
    }

    private void drain() {
        drainQueued = false;
        while (reading && !finished && !closing) {
            ByteBuffer next = backlog.poll();
            if (next == null) {
                break;
            }
            deliver(next);
        }
        if (endOfStreamPending && reading && backlog.isEmpty() && !finished && !closing) {
            finish(null);
        }
    }

    /** After a local close or abort of a link whose channel is already gone: report it next. */
    private void queueFinish() {
        loop.execute(() -> {
            if (!finished) {
                finish(localCause);
            }
        });
    }

    private void queueWritableEvent() {
        if (!writableEventQueued) {
            writableEventQueued = true;
            loop.execute(this::fireWritable);
        }
    }

    private void fireWritable() {
        writableEventQueued = false;
        if (!writeRequested || !open || !channel.isWritable()) {
            return;
        }
        writeRequested = false;
        try {
            handler.onWritable(this);
        } catch (Throwable t) {
            handlerFailed("onWritable", t);
        }
    }

    private void finish(Throwable cause) {
        finished = true;
        closing = true;
        open = false;
        writeRequested = false;
        backlog.clear();
        try {
            handler.onClosed(this, cause);
        } catch (Throwable t) {
            LOG.warn("link {}: handler onClosed threw", peer, t);
        }
    }

    private void handlerFailed(String callback, Throwable t) {
        LOG.warn("link {}: handler {} threw; aborting the link", peer, callback, t);
        if (!finished) {
            abort(t);
        }
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        return copy;
    }

    @Override
    public String toString() {
        return "wsi-link(" + peer + ")";
    }
}
