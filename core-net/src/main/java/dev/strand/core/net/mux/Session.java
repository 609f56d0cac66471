package dev.strand.core.net.mux;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.LinkLostException;
import dev.strand.core.net.mux.internal.MuxParser;
import dev.strand.core.net.mux.internal.MuxWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport mux on one underlying link, either role ({@code spec/wire.md} §4): it is the
 * underlying link's handler, parses what arrives, keeps the channel table, and is the one writer
 * on the underlying link. On each write opportunity it writes control frames first, in lws's
 * order (PING, PONG, PONGACK, NACKs, channel control), then channel data, one MUX frame per
 * channel in turn, never a partial frame.
 *
 * <p>A client session opens channels (indexes 255 downward, CHANNEL_REQ only while the link is
 * up, never data before CHANNEL_ACK) and may be re-attached to a new underlying link after the old
 * one closed. A server session answers CHANNEL_REQ with CHANNEL_ACK (or NACK beyond the channel
 * limit), offers each channel to its acceptor when the ACK is sent, keeps data that arrives before
 * that, and NACKs data for channels it does not know. Confined to its loop.
 */
final class Session implements MuxSession, LinkHandler, MuxParser.Sink, Liveness.Events {

    /** Hears the underlying link come and go (the transport reconnects client sessions). */
    interface Observer {
        Observer NONE = new Observer() {
        };

        default void innerOpened(Session session) {
        }

        default void innerClosed(Session session, Throwable cause) {
        }

        default void innerConnectFailed(Session session, Throwable cause) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final int CONTROL_CAPACITY = 4096;

    private final Loop loop;
    private final boolean client;
    private final MuxSettings settings;
    private final LinkAcceptor acceptor;
    private final Observer observer;
    private final MuxParser parser = new MuxParser(this);
    private final Liveness liveness;

    private final ChannelTable table = new ChannelTable();
    private final WriteLedger ledger = new WriteLedger();
    private final ArrayDeque<OpenRequest> pendingOpens = new ArrayDeque<>();
    private final ArrayDeque<Channel> controlDue = new ArrayDeque<>();
    private final ArrayDeque<Channel> dataDue = new ArrayDeque<>();
    private final ArrayDeque<Channel> controlSent = new ArrayDeque<>();
    private final ArrayDeque<Channel> writeWaiters = new ArrayDeque<>();
    private final ByteBuffer control = ByteBuffer.allocate(CONTROL_CAPACITY);
    private final ByteBuffer frame;

    private volatile String peer;
    private Link inner;
    private Throwable lastInnerFailure;
    private boolean innerWriteRequested;
    private boolean shutDown;
    private boolean writing;
    private boolean notifyQueued;
    private Channel rxTarget;

    Session(Loop loop, boolean client, MuxSettings settings, LinkAcceptor acceptor, Observer observer, String peer) {
        this.loop = loop;
        this.client = client;
        this.settings = settings;
        this.acceptor = acceptor;
        this.observer = observer;
        this.peer = peer;
        this.liveness = new Liveness(loop, settings, this, peer);
        this.frame = ByteBuffer.allocate(MuxWire.MUX_HEADER_SIZE + settings.maxFramePayload());
    }

    static Session client(Loop loop, MuxSettings settings, Observer observer, String peer) {
        return new Session(loop, true, settings, null, observer, peer);
    }

    static Session server(Loop loop, MuxSettings settings, LinkAcceptor acceptor, Observer observer, String peer) {
        return new Session(loop, false, settings, acceptor, observer, peer);
    }

    // ---- MuxSession ----

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public boolean isClient() {
        return client;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public boolean isLinkUp() {
        return liveness.isUp();
    }

    @Override
    public Optional<PeerClock> peerClock() {
        return liveness.peerClock();
    }

    @Override
    public int channelCount() {
        return table.count();
    }

    @Override
    public MuxSettings settings() {
        return settings;
    }

    /** Whether an underlying link is attached. */
    boolean hasLink() {
        return inner != null;
    }

    // ---- the underlying link ----

    @Override
    public void onOpen(Link link) {
        if (shutDown) {
            LOG.debug("mux {}: underlying link opened after the session was shut down; closing it", link.peer());
            link.close();
            return;
        }
        inner = link;
        peer = link.peer();
        lastInnerFailure = null;
        innerWriteRequested = false;
        parser.reset();
        ledger.clear();
        rxTarget = null;
        LOG.info("mux {}: underlying link open, starting three-way PING", peer);
        liveness.start();
        observer.innerOpened(this);
    }

    @Override
    public void onRead(Link link, ByteBuffer data) {
        if (link == inner) {
            parser.feed(data);
        }
    }

    @Override
    public void onWritable(Link link) {
        if (link == inner) {
            innerWriteRequested = false;
            writeLoop();
        }
    }

    @Override
    public void onLostCoherence(Link link) {
        if (link == inner) {
            LOG.warn("mux {}: underlying link lost coherence; mux link down, recovering with PINGs", peer);
            liveness.down(new MuxLinkDownException("mux link down: the underlying link " + peer
                    + " lost coherence"));
        }
    }

    @Override
    public void onClosed(Link link, Throwable cause) {
        if (link != inner) {
            return;
        }
        inner = null;
        lastInnerFailure = cause;
        liveness.stop();
        LOG.info("mux {}: underlying link closed{}", peer, cause == null ? "" : ": " + cause);
        Map<Channel, Long> unsentBelow = cause instanceof LinkLostException lost
                ? ledger.unsentPayload(lost.unsentBytes()) : Map.of();
        ledger.clear();
        destroyChannels(new MuxLinkDownException("mux link down: the underlying link " + peer + " closed", cause),
                unsentBelow);
        table.forgetOwedAcks();
        observer.innerClosed(this, cause);
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        lastInnerFailure = cause;
        failPendingOpens(new MuxLinkDownException("mux " + peer + ": the underlying link could not connect: "
                + cause, cause));
        observer.innerConnectFailed(this, cause);
    }

    /**
     * Ends the session: closes the underlying link (channels then close) and fails pending opens.
     * An underlying link that opens afterwards is closed at once, with nothing written to it.
     */
    void shutdown(String why) {
        shutDown = true;
        failPendingOpens(new MuxLinkDownException("mux " + peer + ": " + why));
        if (inner != null) {
            inner.close();
        }
    }

    // ---- Liveness.Events ----

    @Override
    public void linkUp() {
        LOG.info("mux {}: link UP", peer);
        requestFlush();
    }

    @Override
    public void linkDown(MuxLinkDownException cause) {
        LOG.info("mux {}: link DOWN ({}); {} channel(s) closed", peer, cause.getMessage(), table.count());
        destroyChannels(cause, Map.of());
        requestFlush();
    }

    @Override
    public void controlDue() {
        requestFlush();
    }

    /**
     * Our RESET + PING went unanswered while the link was down. If the parser is skipping the
     * payload of a frame for a channel that does not exist, that frame's length was most likely
     * corrupted: lws would go on swallowing up to 64 KiB of PINGs; we read commands again, which
     * puts nothing new on the wire and lets the next PING exchange recover the link.
     */
    @Override
    public void pingFailedWhileDown() {
        if (rxTarget == null && parser.remainingPayload() > 0) {
            LOG.debug("mux {}: abandoning {} bytes of a MUX frame for an unknown channel", peer,
                    parser.remainingPayload());
            parser.abandonPayload();
        }
    }

    // ---- MuxParser.Sink ----

    @Override
    public void onChannelCommand(int command, int index) {
        switch (command) {
            case MuxWire.CHANNEL_REQ -> onRequest(index);
            case MuxWire.CHANNEL_ACK -> onAck(index);
            case MuxWire.CHANNEL_NACK -> onNack(index);
            case MuxWire.CHANNEL_CLOSE -> onClose(index);
            case MuxWire.CHANNEL_CLOSE_ACK -> onCloseAck(index);
            default -> throw new IllegalStateException("not a channel command: " + MuxWire.name(command));
        }
    }

    @Override
    public void onDataHeader(int index, int length) {
        Channel c = table.get(index);
        if (c == null) {
            rxTarget = null;
            LOG.debug("mux {}: {} bytes of data for unknown channel {}; NACK", peer, length, index);
            dueNack(index);
        } else {
            rxTarget = c.acceptsData() ? c : null;
        }
    }

    @Override
    public void onPayload(int index, ByteBuffer piece) {
        Channel c = rxTarget;
        if (c != null) {
            c.receive(piece);
        }
    }

    @Override
    public void onPing(long pingMicros) {
        liveness.onPing(pingMicros);
    }

    @Override
    public void onPong(long echoedPingMicros, long pongMicros) {
        liveness.onPong(echoedPingMicros);
    }

    @Override
    public void onPongAck(long wallClockMicros) {
        liveness.onPongAck(wallClockMicros);
    }

    @Override
    public void onReset() {
        if (liveness.isUp()) {
            LOG.info("mux {}: peer sent RESET_TRANSPORT", peer);
        }
        liveness.down(new MuxLinkDownException("mux link down: the peer " + peer + " sent RESET_TRANSPORT"));
    }

    @Override
    public void onUnknownCommand(int value) {
        if (!liveness.isUp()) {
            return;
        }
        MuxProtocolException bad = new MuxProtocolException(String.format(
                "byte 0x%02X where a mux command was expected", value));
        LOG.warn("mux {}: {}; mux link down, recovering with PINGs", peer, bad.getMessage());
        liveness.down(new MuxLinkDownException("mux link down: corrupted bytes from " + peer, bad));
    }

    private void onRequest(int index) {
        if (client) {
            anomaly("peer asked to open channel {}; a client does not accept channels: NACK", index);
            dueNack(index);
            return;
        }
        if (table.get(index) != null) {
            LOG.debug("mux {}: CHANNEL_REQ {} for a channel that exists; ignored", peer, index);
            return;
        }
        if (table.count() >= settings.maxChannels()) {
            LOG.warn("mux {}: CHANNEL_REQ {} refused: {} channels in use, the limit", peer, index, table.count());
            dueNack(index);
            return;
        }
        Channel c = Channel.requested(this, index);
        table.put(c);
        controlQueued(c);
    }

    private void onAck(int index) {
        Channel c = table.get(index);
        if (c == null) {
            anomaly("CHANNEL_ACK {} for a channel never asked for; ignored", index);
        } else if (c.state() != Channel.State.AWAITING_ACK) {
            anomaly("CHANNEL_ACK {} for a channel that is {}; ignored", index, c.state());
        } else {
            c.acked();
        }
    }

    private void onNack(int index) {
        Channel c = table.get(index);
        if (c == null) {
            anomaly("CHANNEL_NACK {} for an unknown channel; ignored", index);
            return;
        }
        remove(c);
        c.refusedByPeer();
    }

    private void onClose(int index) {
        Channel c = table.get(index);
        if (c == null) {
            LOG.debug("mux {}: CHANNEL_CLOSE {} for an unknown channel; CLOSE_ACK so the peer frees it", peer, index);
            table.oweCloseAck(index);
            requestFlush();
            return;
        }
        switch (c.state()) {
            case OPEN, CLOSING, CLOSE_DUE, AWAITING_CLOSE_ACK -> c.closedByPeer();
            default -> anomaly("CHANNEL_CLOSE {} for a channel that is {}; ignored", index, c.state());
        }
    }

    private void onCloseAck(int index) {
        Channel c = table.get(index);
        if (c != null && c.state() == Channel.State.AWAITING_CLOSE_ACK) {
            free(c);
        } else {
            LOG.debug("mux {}: CHANNEL_CLOSE_ACK {} for a channel not waiting for it; ignored", peer, index);
        }
    }

    /**
     * A command that makes no sense in the channel's state: a WARN while the link is up, debug while
     * it is down (corrupted bytes then often look like commands).
     */
    private void anomaly(String format, Object... args) {
        if (liveness.isUp()) {
            LOG.warn("mux " + peer + ": " + format, args);
        } else {
            LOG.debug("mux " + peer + ": " + format, args);
        }
    }

    // ---- channel table ----

    private void remove(Channel c) {
        if (table.remove(c)) {
            forget(c);
        }
    }

    private void forget(Channel c) {
        controlDue.remove(c);
        dataDue.remove(c);
        writeWaiters.remove(c);
        c.queuedForControl = c.queuedForData = false;
        if (rxTarget == c) {
            rxTarget = null;
        }
    }

    /** The channel's index is free again: CLOSE_ACK sent or received. */
    void free(Channel c) {
        remove(c);
        if (!pendingOpens.isEmpty()) {
            requestFlush();
        }
    }

    /** A channel the peer opened that we cannot keep: drop it and NACK it. */
    void refuse(Channel c) {
        remove(c);
        c.destroyed(new MuxChannelException("mux channel " + c.peer() + " refused"));
        dueNack(c.index());
    }

    /**
     * The mux link is gone: every channel closes with its own {@link MuxLinkDownException}, counting
     * its still-queued bytes and {@code unsentBelow} (its payload the underlying link never sent).
     */
    private void destroyChannels(MuxLinkDownException cause, Map<Channel, Long> unsentBelow) {
        rxTarget = null;
        for (Channel c : table.takeAll()) {
            forget(c);
            OpenRequest r = c.request;
            if (client && c.state() == Channel.State.AWAITING_ACK && r != null && !r.abandoned()) {
                c.request = null;
                pendingOpens.addFirst(r);
            }
            c.linkDown(cause, unsentBelow.getOrDefault(c, 0L));
        }
        controlDue.clear();
        dataDue.clear();
        writeWaiters.clear();
    }

    private void dueNack(int index) {
        table.oweNack(index);
        requestFlush();
    }

    LinkHandler accept(Channel c) {
        try {
            return acceptor.accept(c);
        } catch (RuntimeException e) {
            LOG.warn("mux {}: acceptor threw for channel {}; channel closed", peer, c.index(), e);
            return null;
        }
    }

    // ---- client: opening channels ----

    /** A request for a channel; {@link #submit} it on this loop. Thread-safe. */
    OpenRequest newRequest(LinkHandler handler) {
        return new OpenRequest(this, handler);
    }

    /** Starts a request for a channel; the outcome reaches its handler on this loop within {@code timeout}. */
    void submit(OpenRequest r, Duration timeout) {
        loop.assertInLoop();
        if (r.abandoned()) {
            r.settled();
            return;
        }
        if (!client) {
            r.failed(new UnsupportedOperationException("a server mux session does not open channels"));
            return;
        }
        if (table.count() + pendingOpens.size() >= settings.maxChannels()) {
            r.failed(new MuxChannelException("mux " + peer + ": channel limit reached (" + settings.maxChannels()
                    + " in use or opening)"));
            return;
        }
        pendingOpens.add(r);
        r.timeout(loop.schedule(() -> openTimedOut(r, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS));
        requestFlush();
    }

    void abandon(OpenRequest r) {
        if (pendingOpens.remove(r)) {
            r.settled();
        }
    }

    private void openTimedOut(OpenRequest r, Duration timeout) {
        if (r.isSettled()) {
            return;
        }
        String why;
        if (pendingOpens.remove(r)) {
            why = inner == null ? "the underlying link is not connected"
                    + (lastInnerFailure == null ? "" : " (" + lastInnerFailure + ")")
                    : liveness.isUp() ? "no channel index free" : "the mux link is not up (no answer to PINGs)";
        } else {
            why = "no CHANNEL_ACK from the peer";
        }
        r.failed(new MuxChannelException("mux " + peer + ": no channel within " + timeout.toMillis() + " ms: " + why));
    }

    private void failPendingOpens(IOException cause) {
        for (OpenRequest r; (r = pendingOpens.poll()) != null; ) {
            r.failed(cause);
        }
    }

    // ---- writing ----

    /** Whether channel data can go out now: link up and the underlying link writable. */
    boolean canCarryData() {
        return inner != null && liveness.isUp() && inner.isWritable();
    }

    void dataQueued(Channel c) {
        if (!c.queuedForData) {
            c.queuedForData = true;
            dataDue.add(c);
        }
        requestFlush();
    }

    void controlQueued(Channel c) {
        if (!c.queuedForControl) {
            c.queuedForControl = true;
            controlDue.add(c);
        }
        requestFlush();
    }

    void writeWaiter(Channel c) {
        writeWaiters.add(c);
        queueNotify();
    }

    void forgetWaiter(Channel c) {
        if (c.writeRequested) {
            c.writeRequested = false;
            writeWaiters.remove(c);
        }
    }

    private void requestFlush() {
        if (inner == null || writing || innerWriteRequested) {
            return;
        }
        if (hasOutput()) {
            innerWriteRequested = true;
            inner.requestWrite();
        }
    }

    private boolean hasOutput() {
        return liveness.hasDue() || table.owesAcks()
                || liveness.isUp() && (!controlDue.isEmpty() || !dataDue.isEmpty()
                        || !pendingOpens.isEmpty() && table.count() < settings.maxChannels());
    }

    private void writeLoop() {
        writing = true;
        try {
            while (inner != null && inner.isOpen()) {
                control.clear();
                putControl(control);
                if (control.position() > 0) {
                    control.flip();
                    ledger.control(control.remaining());
                    inner.write(control);
                    liveness.written();
                    for (Channel c; (c = controlSent.poll()) != null; ) {
                        c.controlWritten();
                    }
                } else {
                    Channel c = nextDataChannel();
                    if (c == null) {
                        break;
                    }
                    writeFrame(c);
                }
                if (inner == null || !inner.isWritable()) {
                    break;
                }
            }
        } finally {
            writing = false;
        }
        requestFlush();
        notifyWriteWaiters();
    }

    /** Control traffic in lws's order (§4.7); channel control only while the link is up. */
    private void putControl(ByteBuffer out) {
        liveness.putDue(out);
        table.putOwedAcks(out);
        if (!liveness.isUp()) {
            return;
        }
        for (Channel c; out.remaining() >= MuxWire.CHANNEL_COMMAND_SIZE && (c = controlDue.poll()) != null; ) {
            c.queuedForControl = false;
            if (c.hasControl()) {
                c.putControl(out);
                controlSent.add(c);
            }
        }
        while (out.remaining() >= MuxWire.CHANNEL_COMMAND_SIZE && !pendingOpens.isEmpty()
                && table.count() < settings.maxChannels()) {
            int index = table.allocate();
            if (index < 0) {
                break;
            }
            OpenRequest r = pendingOpens.poll();
            table.put(Channel.requesting(this, index, r));
            MuxWire.putChannelCommand(out, MuxWire.CHANNEL_REQ, index);
        }
    }

    private Channel nextDataChannel() {
        if (!liveness.isUp()) {
            return null;
        }
        for (Channel c; (c = dataDue.poll()) != null; ) {
            c.queuedForData = false;
            if (c.hasData()) {
                return c;
            }
        }
        return null;
    }

    /** One MUX frame of up to {@code maxFramePayload} bytes; the channel goes to the back of the line. */
    private void writeFrame(Channel c) {
        int n = Math.min(c.queuedBytes(), settings.maxFramePayload());
        frame.clear();
        MuxWire.putMuxHeader(frame, c.index(), n);
        c.takeData(frame, n);
        frame.flip();
        ledger.frame(c, MuxWire.MUX_HEADER_SIZE, n);
        inner.write(frame);
        if (c.hasData()) {
            c.queuedForData = true;
            dataDue.add(c);
        } else {
            c.frameWritten();
        }
    }

    private void queueNotify() {
        if (!notifyQueued) {
            notifyQueued = true;
            loop.execute(() -> {
                notifyQueued = false;
                notifyWriteWaiters();
            });
        }
    }

    private void notifyWriteWaiters() {
        for (int n = writeWaiters.size(); n > 0; n--) {
            Channel c = writeWaiters.poll();
            if (!c.writeRequested) {
                continue;
            }
            if (c.isWritable()) {
                c.notifyWritable();
            } else if (c.isOpen()) {
                writeWaiters.add(c);
            } else {
                c.writeRequested = false;
            }
        }
        if (!writeWaiters.isEmpty() && inner != null && !inner.isWritable() && !innerWriteRequested && !writing) {
            innerWriteRequested = true;
            inner.requestWrite();
        }
    }

    @Override
    public String toString() {
        return "mux-session(" + (client ? "client " : "server ") + peer + (liveness.isUp() ? ", up" : ", down")
                + ", " + table.count() + " channels)";
    }
}
