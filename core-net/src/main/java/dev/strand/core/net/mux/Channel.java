package dev.strand.core.net.mux;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.core.net.mux.internal.MuxWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mux channel: the {@link Link} its user sees, its lifecycle on the wire, and its two byte
 * queues (unsent data; received data its reader is not ready for). The session moves it through
 * the states; the user's callbacks are guarded so that a throwing handler aborts only its own
 * channel. Confined to the session's loop.
 */
final class Channel implements MuxChannel {

    /** Wire-level lifecycle. */
    enum State {
        /** Client: CHANNEL_REQ sent, waiting for CHANNEL_ACK. */
        AWAITING_ACK,
        /** Server: CHANNEL_REQ received, CHANNEL_ACK not yet sent; data that arrives is kept. */
        PENDING_ACK,
        OPEN,
        /** The user closed: queued data still goes out, then CHANNEL_CLOSE. */
        CLOSING,
        CLOSE_DUE,
        /** CHANNEL_CLOSE sent; the index stays taken until CLOSE_ACK (never, from lws) or link down. */
        AWAITING_CLOSE_ACK,
        /** The peer closed; CHANNEL_CLOSE_ACK is due, then the index is free. */
        CLOSE_ACK_DUE,
        GONE
    }

    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

    private final Session session;
    private final int index;
    private final String peer;
    private State state;
    private LinkHandler handler;
    OpenRequest request;

    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private int outBytes;
    private final ArrayDeque<ByteBuffer> in = new ArrayDeque<>();
    private int inBytes;

    private boolean opened;
    private boolean closedDelivered;
    private boolean reading = true;
    private boolean peerEof;
    private boolean drainQueued;
    boolean writeRequested;
    boolean queuedForData;
    boolean queuedForControl;
    private int lastControl;

    private Channel(Session session, int index, State state, LinkHandler handler) {
        this.session = session;
        this.index = index;
        this.state = state;
        this.handler = handler;
        this.peer = session.peer() + String.format("#ch%02X", index);
    }

    /** Client side: a channel whose CHANNEL_REQ is about to go out. */
    static Channel requesting(Session session, int index, OpenRequest request) {
        Channel c = new Channel(session, index, State.AWAITING_ACK, request.handler());
        c.request = request;
        return c;
    }

    /** Server side: a channel the peer asked for. */
    static Channel requested(Session session, int index) {
        return new Channel(session, index, State.PENDING_ACK, null);
    }

    State state() {
        return state;
    }

    // ---- Link ----

    @Override
    public int index() {
        return index;
    }

    @Override
    public MuxSession session() {
        return session;
    }

    @Override
    public Loop loop() {
        return session.loop();
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public boolean write(ByteBuffer data) {
        session.loop().assertInLoop();
        int n = data.remaining();
        if (!isOpen()) {
            data.position(data.limit());
            return false;
        }
        if (n > 0) {
            ByteBuffer copy = ByteBuffer.allocate(n);
            copy.put(data).flip();
            out.add(copy);
            outBytes += n;
            session.dataQueued(this);
        }
        return isWritable();
    }

    @Override
    public boolean isWritable() {
        return isOpen() && outBytes < session.settings().channelHighWater() && session.canCarryData();
    }

    @Override
    public void requestWrite() {
        session.loop().assertInLoop();
        if (isOpen() && !writeRequested) {
            writeRequested = true;
            session.writeWaiter(this);
        }
    }

    @Override
    public void setReading(boolean on) {
        session.loop().assertInLoop();
        reading = on;
        if (on && (!in.isEmpty() || peerEof) && !drainQueued) {
            drainQueued = true;
            session.loop().execute(() -> {
                drainQueued = false;
                drain();
            });
        }
    }

    @Override
    public void close() {
        session.loop().assertInLoop();
        if (state != State.OPEN) {
            return;
        }
        if (outBytes == 0) {
            closeNow(null);
        } else {
            state = State.CLOSING;
        }
    }

    @Override
    public void abort(Throwable cause) {
        session.loop().assertInLoop();
        if (state == State.OPEN || state == State.CLOSING) {
            dropOutput();
            closeNow(cause);
        } else if (state == State.CLOSE_ACK_DUE) {
            dropInput();
            deliverClosed(cause);
        }
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    // ---- data out ----

    boolean hasData() {
        return outBytes > 0 && (state == State.OPEN || state == State.CLOSING);
    }

    int queuedBytes() {
        return outBytes;
    }

    /** Moves {@code n} queued bytes into {@code frame}; a write may be split across frames. */
    void takeData(ByteBuffer frame, int n) {
        int left = n;
        while (left > 0) {
            ByteBuffer head = out.peek();
            int take = Math.min(left, head.remaining());
            if (take == head.remaining()) {
                frame.put(head);
                out.poll();
            } else {
                int lim = head.limit();
                head.limit(head.position() + take);
                frame.put(head);
                head.limit(lim);
            }
            left -= take;
        }
        outBytes -= n;
    }

    /** A frame of this channel's data is on the link: a channel closing after its data closes now. */
    void frameWritten() {
        if (outBytes == 0 && state == State.CLOSING) {
            closeNow(null);
        }
    }

    private void closeNow(Throwable cause) {
        state = State.CLOSE_DUE;
        session.controlQueued(this);
        deliverClosed(cause);
    }

    private void dropOutput() {
        out.clear();
        outBytes = 0;
    }

    // ---- control frames ----

    boolean hasControl() {
        return state == State.PENDING_ACK || state == State.CLOSE_DUE || state == State.CLOSE_ACK_DUE;
    }

    /** Puts this channel's due control frame; {@link #controlWritten} follows once it is on the link. */
    void putControl(ByteBuffer outBuf) {
        lastControl = switch (state) {
            case PENDING_ACK -> MuxWire.CHANNEL_ACK;
            case CLOSE_DUE -> MuxWire.CHANNEL_CLOSE;
            case CLOSE_ACK_DUE -> MuxWire.CHANNEL_CLOSE_ACK;
            default -> throw new IllegalStateException("channel " + peer + " has no control frame due in " + state);
        };
        MuxWire.putChannelCommand(outBuf, lastControl, index);
    }

    void controlWritten() {
        if (state == State.GONE) {
            lastControl = 0;
            return;
        }
        switch (lastControl) {
            case MuxWire.CHANNEL_ACK -> opened(session.accept(this));
            case MuxWire.CHANNEL_CLOSE -> state = State.AWAITING_CLOSE_ACK;
            case MuxWire.CHANNEL_CLOSE_ACK -> {
                session.free(this);
                if (in.isEmpty()) {
                    deliverClosed(null);
                }
            }
            default -> throw new IllegalStateException("channel " + peer + ": no control frame was put");
        }
        lastControl = 0;
    }

    // ---- events from the peer ----

    /** CHANNEL_ACK for our REQ. */
    void acked() {
        OpenRequest r = request;
        request = null;
        r.settled();
        if (r.abandoned()) {
            state = State.CLOSE_DUE;
            session.controlQueued(this);
            return;
        }
        opened(r.handler());
    }

    private void opened(LinkHandler h) {
        if (h == null) {
            state = State.CLOSE_DUE;
            session.controlQueued(this);
            return;
        }
        handler = h;
        state = State.OPEN;
        opened = true;
        try {
            h.onOpen(this);
        } catch (RuntimeException e) {
            handlerFailed("onOpen", e);
            return;
        }
        drain();
    }

    /** Whether MUX data for this channel is wanted (kept or delivered) rather than dropped. */
    boolean acceptsData() {
        return state == State.OPEN || state == State.PENDING_ACK || state == State.AWAITING_ACK;
    }

    /** A piece of MUX payload for this channel; valid only during the call. */
    void receive(ByteBuffer piece) {
        if (!acceptsData()) {
            return;
        }
        if (state == State.OPEN && reading && in.isEmpty()) {
            try {
                handler.onRead(this, piece);
            } catch (RuntimeException e) {
                handlerFailed("onRead", e);
            }
            return;
        }
        int n = piece.remaining();
        if ((long) inBytes + n > session.settings().channelReceiveLimit()) {
            overflow(n);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(piece).flip();
        in.add(copy);
        inBytes += n;
    }

    private void overflow(int n) {
        String why = "mux channel " + peer + ": " + (inBytes + (long) n) + " bytes received while "
                + (opened ? "its reader is paused" : "it is not open yet") + ", more than the receive limit of "
                + session.settings().channelReceiveLimit();
        LOG.warn("{}; channel closed", why);
        dropInput();
        if (opened) {
            abort(new MuxChannelException(why));
        } else {
            session.refuse(this);
        }
    }

    /** CHANNEL_NACK: the peer refused our REQ, or (on an open channel) no longer knows it. */
    void refusedByPeer() {
        State was = state;
        state = State.GONE;
        dropOutput();
        dropInput();
        if (was == State.AWAITING_ACK) {
            OpenRequest r = request;
            request = null;
            r.failed(new MuxChannelException("mux channel " + peer + " refused by the peer (CHANNEL_NACK)"));
        } else {
            deliverClosed(new MuxChannelException("mux channel " + peer
                    + " closed: the peer sent CHANNEL_NACK, it no longer knows the channel"));
        }
    }

    /** CHANNEL_CLOSE: the peer is done; answer with CLOSE_ACK, then free the index. */
    void closedByPeer() {
        dropOutput();
        state = State.CLOSE_ACK_DUE;
        session.controlQueued(this);
        peerEof = true;
        drain();
    }

    /**
     * The mux link went down: the channel is gone, and its user learns how many of the bytes it
     * wrote never left the process: those still queued here, and {@code unsentBelow} more that
     * the underlying link reported unsent.
     */
    void linkDown(MuxLinkDownException cause, long unsentBelow) {
        destroyed(new MuxLinkDownException(cause.getMessage(), outBytes + unsentBelow, cause.getCause()));
    }

    /** The channel is gone (link down, or refused while opening); unsent bytes are lost. */
    void destroyed(IOException cause) {
        State was = state;
        state = State.GONE;
        dropOutput();
        dropInput();
        if (was == State.AWAITING_ACK && request != null) {
            OpenRequest r = request;
            request = null;
            r.failed(cause);
        } else {
            deliverClosed(cause);
        }
    }

    // ---- delivery ----

    private void drain() {
        while (opened && !closedDelivered && reading && !in.isEmpty()) {
            ByteBuffer b = in.poll();
            inBytes -= b.remaining();
            try {
                handler.onRead(this, b);
            } catch (RuntimeException e) {
                handlerFailed("onRead", e);
                return;
            }
        }
        if (peerEof && in.isEmpty() && reading) {
            deliverClosed(null);
        }
    }

    private void dropInput() {
        in.clear();
        inBytes = 0;
    }

    private void deliverClosed(Throwable cause) {
        if (!opened || closedDelivered) {
            return;
        }
        closedDelivered = true;
        session.forgetWaiter(this);
        try {
            handler.onClosed(this, cause);
        } catch (RuntimeException e) {
            LOG.warn("mux channel {}: handler's onClosed threw", peer, e);
        }
    }

    void notifyWritable() {
        writeRequested = false;
        try {
            handler.onWritable(this);
        } catch (RuntimeException e) {
            handlerFailed("onWritable", e);
        }
    }

    private void handlerFailed(String callback, RuntimeException e) {
        LOG.warn("mux channel {}: handler's {} threw; channel aborted", peer, callback, e);
        abort(e);
    }

    @Override
    public String toString() {
        return "mux-channel(" + peer + ", " + state + ")";
    }
}
