package dev.strand.core.net.sss;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.AUTH_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DESTROYING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.TIMEOUT;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static dev.strand.api.ss.StreamState.UNSET;
import static dev.strand.api.ss.StreamState.UPSTREAM_LINK_RETRY;

import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.LinkLostException;
import dev.strand.core.net.retry.Backoff;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream of an {@link SsProxyClient}: lws's sspc handle (wire.md §2.2). Owns at most one link
 * to the proxy at a time and outlives any of them. Confined to its loop; a link that belongs to
 * another loop (a channel of a mux session that runs on the loop of the client's first stream)
 * is used through a {@link CrossLoopLink}.
 *
 * <p>On each write opportunity it sends, in lws's priority order: STREAMTYPE on a new link; then,
 * once the proxy created the stream, TIMEOUT_UPDATE, the oldest waiting metadata or credit
 * update, PAYLOAD_LENGTH_HINT, ONWARD_CONNECT (only when the application asked: connect,
 * requestTx), and finally the application's payload once the onward connection is up.
 *
 * <p>Where lws HEAD goes wrong and this does not:
 * <ul>
 *   <li>A lost link is followed by a new one (after the link retry delay) that sends STREAMTYPE
 *       again and carries on: no second CREATING, DISCONNECTED delivered once if the stream was
 *       connected, every metadata value sent so far told again, an armed timeout re-armed with
 *       what is left of it, the onward connection asked for again if the application wanted it.
 *       lws HEAD destroys the stream on the second CREATE_RESULT; the seed never gets there.</li>
 *   <li>A timeout set while no proxy stream exists waits and goes first once CREATE_RESULT says
 *       one exists (an lws proxy ignores TIMEOUT_UPDATE before that).</li>
 *   <li>A refused STREAMTYPE (CREATE_RESULT failure) destroys the stream cleanly; lws retries
 *       every second for ever (and once crashed here, issue #2207).</li>
 *   <li>An illegal transition or an unknown state from the proxy is logged and the stream
 *       survives (lws destroys it); states that never travel (18..999) are ignored.</li>
 *   <li>A protocol error from the proxy closes only this link; the stream reconnects.</li>
 *   <li>The hold time of a TX payload is measured from the request made for that payload
 *       (lws loses a request made inside the tx callback and reports its whole uptime).</li>
 *   <li>DISCONNECT_ME and DESTROY_ME from the tx callback are obeyed (lws sends the payload anyway).</li>
 *   <li>{@link #requestTx()} on a stream with no onward connection reports POLL before the
 *       ONWARD_CONNECT goes out, as lws's in-process {@code request_tx} does (a proxy, lws's or
 *       Strand's, answers ONWARD_CONNECT with CONNECTING alone), so the application sees what it
 *       would see in-process; {@link #connect()} does not. A POLL from the proxy right after the
 *       one delivered (a retry, or lws's answer to PAYLOAD_LENGTH_HINT) is not delivered twice.
 *       The first connection attempt after a relink that followed DISCONNECTED is announced with
 *       POLL too, as the reconnect an in-process stream makes through its backoff is.</li>
 *   <li>Payload lost with a link is reported: when the transport closes the link with a
 *       {@link LinkLostException}, every recent chunk whose TX_PAYLOAD reaches into the bytes it
 *       never sent goes to {@code onTxUndelivered}, before DISCONNECTED ({@link TxLedger} says how
 *       far back it remembers). Any other cause reports nothing: nothing is known. lws has no such
 *       report.</li>
 * </ul>
 */
final class ProxiedStream implements SecureStream, ClientFrameSink {

    private static final Logger LOG = LoggerFactory.getLogger(SsProxyClient.class);

    /** Where the link to the proxy is: lws's LPCSCLI_* states, plus the gaps between links. */
    private enum LinkState { NONE, CONNECTING, SENDING_STREAMTYPE, AWAITING_CREATE_RESULT, LOCAL_CONNECTED, OPERATIONAL }

    /** lws's {@code conn_req_state}: how far the onward connection has been asked for. */
    private enum Onward { NONE, REQUESTED, SENT, CONNECTED }

    private final SsProxyClient client;
    private final StreamHandler handler;
    private final String streamType;
    private final Loop loop;
    private final SssLinkProfile profile;
    private final boolean smd;
    private final int smdClassMask;
    private final Backoff linkBackoff;
    private final ClientFrameDecoder decoder = new ClientFrameDecoder(this);
    private final PendingUpdates updates = new PendingUpdates();
    private final Map<String, byte[]> metadata = new HashMap<>();
    private final Chunk txChunk = new Chunk();
    private final TxLedger txLedger = new TxLedger();

    private LinkState linkState = LinkState.NONE;
    private Attempt attempt;
    private Link link;
    private Loop.Scheduled connecting;
    private Loop.Scheduled retryTimer;
    private Loop.Scheduled handshakeTimer;
    private long tryingSinceNanos;
    private ByteBuffer frame;
    private ByteBuffer txSpace;

    private StreamState state = UNSET;
    private StreamState tracked = UNSET;
    private boolean creatingDelivered;
    private boolean connectedDelivered;
    private Onward onward = Onward.NONE;
    private boolean onwardWanted;
    private boolean pollOwed;
    private boolean reconnectAfterRelink;
    private int callbackDepth;
    private boolean destroyed;

    private final ProxyTimeout timeout = new ProxyTimeout();
    private long pendingLengthHint = -1;
    private boolean txRequested;
    private long txRequestedMicros = -1;
    private int txOrdinal;

    private int peerTxCredit;
    private String rideshare;
    private int rxLeft;

    ProxiedStream(SsProxyClient client, StreamOptions options, Loop loop) {
        this.client = client;
        this.handler = options.handler();
        this.streamType = options.streamType();
        this.loop = loop;
        this.profile = client.profile();
        this.smd = streamType.equals(SssWire.SMD_STREAMTYPE);
        int initial = options.initialPeerTxCredit();
        this.peerTxCredit = initial != 0 ? initial : SssWire.DEFAULT_INITIAL_TX_CREDIT;
        this.smdClassMask = initial;
        this.linkBackoff = new Backoff(client.linkRetry(), client.random());
    }

    void start() {
        tryingSinceNanos = loop.nanoTime();
        connectNow();
    }

    // ---- SecureStream

    @Override
    public String streamType() {
        return streamType;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public StreamState state() {
        return state;
    }

    @Override
    public void requestTx() {
        loop.assertInLoop();
        txRequested = true;
        if (txRequestedMicros < 0) {
            txRequestedMicros = loop.monotonicMicros();
        }
        if (onward == Onward.NONE || onward == Onward.REQUESTED) {
            pollOwed = true;
        }
        wantOnward();
    }

    @Override
    public void requestTx(long totalLength) {
        loop.assertInLoop();
        if (totalLength < 0 || totalLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("payload length " + totalLength + " is outside 0..2^32-1");
        }
        pendingLengthHint = totalLength;
        requestTx();
    }

    @Override
    public void connect() {
        loop.assertInLoop();
        wantOnward();
    }

    @Override
    public void setMetadata(String name, byte[] value) {
        loop.assertInLoop();
        checkMetadata(name, value);
        checkFits(name, value);
        byte[] copy = value.clone();
        metadata.put(name, copy);
        updates.metadata(name, copy);
        kick();
    }

    @Override
    public Optional<byte[]> metadata(String name) {
        loop.assertInLoop();
        byte[] v = metadata.get(name);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public void startTimeout(int millis) {
        loop.assertInLoop();
        if (millis < 0) {
            throw new IllegalArgumentException("timeout " + millis + " ms is negative");
        }
        timeout.start(millis, loop.nanoTime());
        kick();
    }

    @Override
    public void cancelTimeout() {
        loop.assertInLoop();
        timeout.cancel(hasProxyStream());
        kick();
    }

    @Override
    public void addPeerTxCredit(int delta) {
        loop.assertInLoop();
        if (!smd) {
            peerTxCredit += delta;
        }
        updates.credit(delta);
        kick();
    }

    @Override
    public int estimatedPeerTxCredit() {
        return peerTxCredit;
    }

    /** The rideshare of the rx piece being delivered if it named one, otherwise the stream's own streamtype. */
    @Override
    public String rideshare() {
        return rideshare != null ? rideshare : streamType;
    }

    @Override
    public void close() {
        loop.assertInLoop();
        if (destroyed) {
            return;
        }
        if (callbackDepth > 0) {
            throw new IllegalStateException("close() called from inside a callback of stream '" + streamType
                    + "'; return DESTROY_ME instead");
        }
        destroy();
    }

    // ---- the link to the proxy

    private void connectNow() {
        retryTimer = null;
        if (destroyed) {
            return;
        }
        Attempt a = new Attempt();
        attempt = a;
        linkState = LinkState.CONNECTING;
        try {
            connecting = client.transport().connect(client.endpoint(), client.connectOptions(), loop,
                    CrossLoopLink.on(loop, a));
        } catch (RuntimeException e) {
            a.onConnectFailed(e);
        }
    }

    private void linkOpened(Link l) {
        connecting = null;
        link = l;
        linkState = LinkState.SENDING_STREAMTYPE;
        decoder.reset();
        txLedger.reset();
        if (frame == null) {
            frame = ByteBuffer.allocate(profile.metadataLimit());
            txSpace = frame.position(SssWire.PAYLOAD_HEADER_SIZE).slice();
            frame.clear();
        }
        profile.handshakeDeadline().ifPresent(d ->
                handshakeTimer = loop.schedule(this::handshakeExpired, d.toNanos(), TimeUnit.NANOSECONDS));
        l.requestWrite();
    }

    private void connectFailed(Throwable cause) {
        attempt = null;
        connecting = null;
        linkState = LinkState.NONE;
        LOG.debug("stream '{}': proxy {} not reachable: {}", streamType, client.endpoint(), cause.toString());
        if (!scheduleRetry()) {
            return;
        }
        long ms = Math.min((loop.nanoTime() - tryingSinceNanos) / 1_000_000, 0xFFFF_FFFFL);
        act(notify(UPSTREAM_LINK_RETRY, ms));
    }

    /** Forgets the current link (before or after the transport reports it closed) and plans the next. */
    private void linkLost(Throwable cause) {
        boolean hadProxyStream = hasProxyStream();
        attempt = null;
        link = null;
        linkState = LinkState.NONE;
        onward = onwardWanted ? Onward.REQUESTED : Onward.NONE;
        decoder.halt();
        cancel(handshakeTimer);
        handshakeTimer = null;
        if (destroyed) {
            return;
        }
        if (cause != null) {
            LOG.info("stream '{}': link to proxy {} lost: {}", streamType, client.endpoint(), cause.toString());
        }
        if (hadProxyStream) {
            updates.retellAll();
            timeout.proxyStreamLost();
        }
        if (cause instanceof LinkLostException lost) {
            reportUndelivered(lost.unsentBytes());
        }
        tryingSinceNanos = loop.nanoTime();
        if (!scheduleRetry()) {
            return;
        }
        if (connectedDelivered) {
            reconnectAfterRelink = true;
            act(notify(DISCONNECTED, 0));
        }
    }

    private boolean scheduleRetry() {
        OptionalLong delay = linkBackoff.onFailure();
        if (delay.isEmpty()) {
            LOG.warn("stream '{}': proxy {} still unreachable after {} tries, the link retry policy '{}' gives up; "
                    + "destroying the stream", streamType, client.endpoint(), linkBackoff.failures(),
                    client.linkRetry().name());
            destroy();
            return false;
        }
        retryTimer = loop.schedule(this::connectNow, delay.getAsLong(), TimeUnit.MILLISECONDS);
        return true;
    }

    private void handshakeExpired() {
        handshakeTimer = null;
        if (link != null && !hasProxyStream()) {
            long ms = profile.handshakeDeadline().orElseThrow().toMillis();
            LOG.warn("{}: no CREATE_RESULT within {} ms; closing the link", link.peer(), ms);
            dropLink(new IOException("no CREATE_RESULT within " + ms + " ms"));
        }
    }

    /** Closes the current link from this side: detach first, so that whatever the transport reports later is ignored. */
    private void dropLink(Throwable cause) {
        Link l = link;
        if (l == null) {
            return;
        }
        linkLost(cause);
        if (cause == null) {
            l.close();
        } else {
            l.abort(cause);
        }
    }

    private boolean hasProxyStream() {
        return linkState == LinkState.LOCAL_CONNECTED || linkState == LinkState.OPERATIONAL;
    }

    private void kick() {
        if (link != null && (hasProxyStream() || linkState == LinkState.SENDING_STREAMTYPE)) {
            link.requestWrite();
        }
    }

    private void wantOnward() {
        onwardWanted = true;
        if (onward == Onward.NONE) {
            onward = Onward.REQUESTED;
        }
        kick();
    }

    // ---- writing

    private void writeReady() {
        while (link != null && !destroyed) {
            if (!writeNext() || link == null) {
                return;
            }
            if (!link.isWritable()) {
                link.requestWrite();
                return;
            }
        }
    }

    /** Sends the one frame due first, if any; returns whether there may be more to send. */
    private boolean writeNext() {
        if (linkState == LinkState.SENDING_STREAMTYPE) {
            updates.dropCredits();
            SssEncoder.streamType(frame.clear(), client.clientPid(), smd ? smdClassMask : peerTxCredit, streamType);
            linkState = LinkState.AWAITING_CREATE_RESULT;
            return send();
        }
        if (!hasProxyStream()) {
            return false;
        }
        if (timeout.due()) {
            SssEncoder.timeoutUpdate(frame.clear(), timeout.take(loop.nanoTime()));
            return send();
        }
        if (!updates.isEmpty()) {
            PendingUpdates.Update u = updates.next();
            if (u.isCredit()) {
                SssEncoder.credit(frame.clear(), SssFrameType.TX_CREDIT, u.delta);
            } else {
                SssEncoder.metadata(frame.clear(), SssFrameType.TX_METADATA, u.name, u.value);
            }
            return send();
        }
        if (pendingLengthHint >= 0) {
            SssEncoder.payloadLengthHint(frame.clear(), pendingLengthHint);
            pendingLengthHint = -1;
            return send();
        }
        if (linkState == LinkState.LOCAL_CONNECTED) {
            if (onward != Onward.REQUESTED) {
                return false;
            }
            if (pollOwed) {
                pollOwed = false;
                if (tracked != CONNECTING && StateTransitions.isAllowed(tracked, POLL)) {
                    act(notify(POLL, 0));
                    if (destroyed || link == null) {
                        return false;
                    }
                }
            }
            SssEncoder.onwardConnect(frame.clear());
            onward = Onward.SENT;
            return send();
        }
        return txRequested && writeTx();
    }

    private boolean writeTx() {
        txRequested = false;
        long requestedAt = txRequestedMicros;
        txRequestedMicros = -1;
        txSpace.clear().limit(profile.txPayloadLimit());
        txChunk.flags = 0;
        StreamResult r;
        callbackDepth++;
        try {
            r = handler.onTx(this, txOrdinal++, txChunk);
        } catch (RuntimeException e) {
            LOG.error("stream '{}': the handler failed in onTx; nothing sent", streamType, e);
            r = StreamResult.TX_DONT_SEND;
        } finally {
            callbackDepth--;
        }
        if (r == null || r == StreamResult.TX_DONT_SEND) {
            if (txRequested) {
                link.requestWrite();
            }
            return false;
        }
        if (r != StreamResult.OK) {
            act(r);
            return false;
        }
        int length = txSpace.position();
        long now = loop.monotonicMicros();
        int hold = (int) (requestedAt < 0 ? 0 : Math.min(now - requestedAt, 0xFFFF_FFFFL));
        SssEncoder.payloadHeader(frame.clear(), SssFrameType.TX_PAYLOAD, txChunk.flags & PayloadFlags.DELIVERED_MASK,
                hold, now, null, length);
        frame.limit(SssWire.PAYLOAD_HEADER_SIZE + length).position(0);
        txLedger.chunk(txOrdinal - 1, length, frame.remaining());
        link.write(frame);
        return true;
    }

    private boolean send() {
        txLedger.frame(frame.flip().remaining());
        link.write(frame);
        return true;
    }

    // ---- frames from the proxy

    private void received(ByteBuffer data) {
        try {
            decoder.feed(data);
        } catch (SssProtocolException e) {
            LOG.warn("{}: {}; closing the link to the proxy", link == null ? client.endpoint() : link.peer(), e.getMessage());
            dropLink(e);
        }
    }

    @Override
    public void onFrameStart(SssFrameType type, int rem) throws SssProtocolException {
        switch (type) {
            case CREATE_RESULT -> {
                if (linkState != LinkState.AWAITING_CREATE_RESULT) {
                    throw new SssProtocolException(type, "unexpected in link state " + linkState
                            + "; it answers STREAMTYPE once");
                }
            }
            case RX_PAYLOAD, CONNSTATE -> {
                if (!hasProxyStream()) {
                    throw new SssProtocolException(type, "before CREATE_RESULT (link state " + linkState + ")");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onCreateResult(boolean created, long clientBufLen, List<String> names) {
        cancel(handshakeTimer);
        handshakeTimer = null;
        if (!created) {
            LOG.warn("{}: the proxy refused streamtype '{}'; destroying the stream", link.peer(), streamType);
            destroy();
            return;
        }
        linkState = LinkState.LOCAL_CONNECTED;
        linkBackoff.reset();
        LOG.debug("{}: proxy created '{}' (client_buflen {}, rideshares {})", link.peer(), streamType, clientBufLen, names);
        if (!creatingDelivered) {
            creatingDelivered = true;
            act(notify(CREATING, 0));
        }
        kick();
    }

    @Override
    public void onConnState(long value, long ordinal) {
        StreamState s = StreamState.of(value);
        if (!StateTransitions.mayTravel(s)) {
            LOG.warn("{}: the proxy sent state {}, which never travels; ignored", link.peer(), s);
            return;
        }
        if (s == CREATING && creatingDelivered) {
            return;
        }
        if (s == POLL && tracked == POLL) {
            LOG.debug("{}: POLL after the POLL already delivered; dropped", link.peer());
            return;
        }
        if (s == CONNECTING && reconnectAfterRelink) {
            reconnectAfterRelink = false;
            if (tracked == DISCONNECTED) {
                act(notify(POLL, 0));
                if (destroyed || link == null) {
                    return;
                }
            }
        }
        if (s == CONNECTED) {
            if (linkState == LinkState.OPERATIONAL) {
                LOG.debug("{}: a second CONNECTED for one connection; dropped", link.peer());
                return;
            }
            linkState = LinkState.OPERATIONAL;
            onward = Onward.CONNECTED;
        } else if (s == DISCONNECTED || s == UNREACHABLE || s == AUTH_FAILED) {
            linkState = LinkState.LOCAL_CONNECTED;
            onward = Onward.NONE;
            onwardWanted &= s != DISCONNECTED;
        } else if (s == ALL_RETRIES_FAILED) {
            onwardWanted = false;
        } else if (s == TIMEOUT) {
            timeout.fired();
        }
        if (!StateTransitions.isAllowed(tracked, s)) {
            LOG.warn("{}: the proxy reported {} after {}, which lws's transition table does not allow; delivered anyway",
                    link.peer(), s, tracked);
        }
        act(notify(s, ordinal));
        if (s == CONNECTED) {
            kick();
        }
    }

    @Override
    public void onRxPayloadStart(int flags, int latency, long micros, String rideshareName, int length) {
        rideshare = rideshareName;
        rxLeft = length;
        if (!smd) {
            peerTxCredit -= length;
        }
    }

    @Override
    public void onRxPayloadPiece(ByteBuffer piece, int flags) {
        rxLeft -= piece.remaining();
        StreamResult r = deliverRx(piece, flags);
        if (rxLeft == 0) {
            rideshare = null;
        }
        act(r);
    }

    @Override
    public void onRxMetadata(String name, byte[] value) {
        metadata.put(name, value);
    }

    /** Credit the remote peer grants (h2 windows): like lws, not enforced; it only prompts a write. */
    @Override
    public void onRxCredit(int delta) {
        kick();
    }

    @Override
    public void onPerf(ByteBuffer json) {
        if (creatingDelivered) {
            act(deliverRx(json, PayloadFlags.SOM | PayloadFlags.EOM | PayloadFlags.PERF_JSON));
        }
    }

    // ---- the application

    private StreamResult notify(StreamState s, long ack) {
        state = s;
        if (StateTransitions.isTracked(s)) {
            tracked = s;
        }
        if (s == CONNECTED) {
            connectedDelivered = true;
        } else if (s == DISCONNECTED) {
            connectedDelivered = false;
        }
        callbackDepth++;
        try {
            StreamResult r = handler.onState(this, s, ack);
            return r == null ? StreamResult.OK : r;
        } catch (RuntimeException e) {
            LOG.error("stream '{}': the handler failed on state {}", streamType, s, e);
            return StreamResult.OK;
        } finally {
            callbackDepth--;
        }
    }

    /** Tells the application which chunks did not leave whole before the link went down with {@code unsent} bytes. */
    private void reportUndelivered(long unsent) {
        List<TxLedger.Chunk> lost = txLedger.undelivered(unsent);
        txLedger.reset();
        if (!lost.isEmpty()) {
            LOG.info("stream '{}': {} chunk(s) not delivered ({} bytes unsent when the link went down)", streamType,
                    lost.size(), unsent);
        }
        for (TxLedger.Chunk c : lost) {
            callbackDepth++;
            try {
                handler.onTxUndelivered(this, c.ordinal(), c.length());
            } catch (RuntimeException e) {
                LOG.error("stream '{}': the handler failed in onTxUndelivered", streamType, e);
            } finally {
                callbackDepth--;
            }
        }
    }

    private StreamResult deliverRx(ByteBuffer data, int flags) {
        callbackDepth++;
        try {
            StreamResult r = handler.onRx(this, data, flags);
            return r == null ? StreamResult.OK : r;
        } catch (RuntimeException e) {
            LOG.error("stream '{}': the handler failed in onRx", streamType, e);
            return StreamResult.OK;
        } finally {
            callbackDepth--;
        }
    }

    private void act(StreamResult r) {
        if (r == StreamResult.DESTROY_ME) {
            destroy();
        } else if (r == StreamResult.DISCONNECT_ME && link != null) {
            LOG.debug("{}: the application asked to disconnect", link.peer());
            dropLink(null);
        }
    }

    /** Destroys the stream: DISCONNECTED if it was connected, then DESTROYING, then the link closes. Idempotent. */
    void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        client.forget(this);
        cancel(retryTimer);
        cancel(handshakeTimer);
        cancel(connecting);
        decoder.halt();
        Link l = link;
        attempt = null;
        link = null;
        linkState = LinkState.NONE;
        if (connectedDelivered) {
            notify(DISCONNECTED, 0);
        }
        notify(DESTROYING, 0);
        if (l != null) {
            l.close();
        }
    }

    private static void checkMetadata(String name, byte[] value) {
        if (name.isEmpty() || name.length() > SssWire.MAX_METADATA_NAME
                || !name.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new IllegalArgumentException("metadata name '" + name + "' must be 1.." + SssWire.MAX_METADATA_NAME
                    + " printable ASCII characters");
        }
        if (value.length == 0) {
            throw new IllegalArgumentException("metadata '" + name + "' has an empty value; proxies refuse it");
        }
    }

    private void checkFits(String name, byte[] value) {
        if (SssEncoder.metadataSize(name, value.length) > profile.metadataLimit()) {
            throw new IllegalArgumentException("metadata '" + name + "' of " + value.length + " bytes does not fit a "
                    + profile.name() + " link (at most " + profile.metadataLimit() + " bytes per frame)");
        }
    }

    private static void cancel(Loop.Scheduled s) {
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public String toString() {
        return "proxied-stream(" + streamType + ", " + state + ", link " + linkState + ")";
    }

    /**
     * The space an application's {@code onTx} writes into: the payload part of the frame buffer.
     * What goes out is what lies between 0 and the buffer's position when {@code onTx} returns.
     */
    private final class Chunk implements TxChunk {
        int flags;

        @Override
        public ByteBuffer buffer() {
            return txSpace;
        }

        @Override
        public void flags(int f) {
            flags = f;
        }

        @Override
        public int flags() {
            return flags;
        }
    }

    /** The handler of one link attempt; events from an attempt that is no longer current are ignored. */
    private final class Attempt implements LinkHandler {

        @Override
        public void onOpen(Link l) {
            if (attempt != this || destroyed) {
                l.close();
                return;
            }
            linkOpened(l);
        }

        @Override
        public void onRead(Link l, ByteBuffer data) {
            if (attempt == this) {
                received(data);
            } else {
                data.position(data.limit());
            }
        }

        @Override
        public void onWritable(Link l) {
            if (attempt == this) {
                writeReady();
            }
        }

        @Override
        public void onClosed(Link l, Throwable cause) {
            if (attempt == this) {
                linkLost(cause == null ? new IOException("closed by the proxy") : cause);
            }
        }

        @Override
        public void onConnectFailed(Throwable cause) {
            if (attempt == this) {
                connectFailed(cause);
            }
        }
    }
}
