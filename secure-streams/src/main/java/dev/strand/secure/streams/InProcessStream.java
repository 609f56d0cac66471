package dev.strand.secure.streams;

import dev.strand.api.Loop;
import dev.strand.api.ss.PayloadFlags;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.StreamHandler;
import dev.strand.api.ss.StreamOptions;
import dev.strand.api.ss.StreamResult;
import dev.strand.api.ss.StreamState;
import dev.strand.api.ss.TxChunk;
import dev.strand.core.net.sss.SssWire;
import dev.strand.secure.streams.local.LocalStream;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.local.StreamEvents;
import dev.strand.secure.streams.policy.StreamType;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream of {@link InProcessSecureStreams}: the application's {@link StreamHandler} on a
 * {@link LocalStream}, with the sequencing a proxied stream has, so that the same handler sees the
 * same things in both placements.
 *
 * <ul>
 *   <li>{@code CREATING} comes from the loop after {@code create} returned (never inside it);
 *       requests made before it (metadata, timeout, connect, requestTx) are kept and applied in
 *       that order once it was delivered. Metadata set before {@code CREATING}, or inside its
 *       callback, is in place for a {@code nailed_up} stream's first connection.</li>
 *   <li>{@link #requestTx()} and {@link #connect()} act from the loop, after the caller returned:
 *       no callback ever runs inside an API call except {@link #close()}'s {@code DISCONNECTED} and
 *       {@code DESTROYING}.</li>
 *   <li>{@code onTx} gets a {@value #TX_CHUNK}-byte chunk (lws's sink hand-off size, the proxy's
 *       piece size); what lies before the buffer's position when it returns {@code OK} is sent
 *       with the flags set. Another {@code onTx} comes while requests remain and the connection
 *       takes more.</li>
 *   <li>Result codes: {@code DESTROY_ME} destroys the stream (from {@code CREATING}: no
 *       connection is attempted); {@code DISCONNECT_ME} drops only the connection, which comes
 *       back as the policy's reconnect rules say.</li>
 *   <li>The peer tx credit is estimated as a proxied client does: the initial credit (or
 *       {@link SssWire#DEFAULT_INITIAL_TX_CREDIT}) less what arrived plus what was granted.</li>
 * </ul>
 *
 * <p>Confined to its loop.
 */
final class InProcessStream implements SecureStream, StreamEvents {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessSecureStreams.class);

    /** The room {@code onTx} gets: what lws gives a sink hand-off, and the size of the proxy's onward pieces. */
    static final int TX_CHUNK = SssWire.PIECE_SIZE;

    /** The onward connection asked for before the stream could act on it. */
    private enum Onward { NONE, CONNECT, POLL }

    private final InProcessSecureStreams owner;
    private final StreamType type;
    private final StreamHandler handler;
    private final Loop loop;
    private final StreamContext context;
    private final ByteBuffer txSpace = ByteBuffer.allocate(TX_CHUNK);
    private final Chunk chunk = new Chunk();
    private final Map<String, byte[]> earlyMetadata = new LinkedHashMap<>();

    private LocalStream local;
    private boolean started;
    private boolean destroyed;
    private StreamState state = StreamState.UNSET;
    private int callbackDepth;

    private Onward onward = Onward.NONE;
    private long lengthHint = -1;
    private long earlyTimeout = -1;
    private boolean earlyTimeoutCancelled;
    private boolean serviceQueued;
    private boolean txRequested;
    private boolean writeBlocked;
    private int txOrdinal;
    private int peerTxCredit;

    InProcessStream(InProcessSecureStreams owner, StreamType type, StreamOptions options, Loop loop,
                    StreamContext context) {
        this.owner = owner;
        this.type = type;
        this.handler = options.handler();
        this.loop = loop;
        this.context = context;
        this.peerTxCredit = options.initialPeerTxCredit() != 0 ? options.initialPeerTxCredit()
                : SssWire.DEFAULT_INITIAL_TX_CREDIT;
    }

    /** Creates the stream's {@link LocalStream}: {@code CREATING}, then what was asked for before it. */
    void start() {
        if (destroyed) {
            return;
        }
        started = true;
        LocalStream.create(type, loop, context, this, "in-process");
        if (destroyed) {
            return;
        }
        if (earlyTimeout >= 0) {
            local.startTimeout(earlyTimeout);
        } else if (earlyTimeoutCancelled) {
            local.cancelTimeout();
        }
        service();
    }

    // ---- SecureStream

    @Override
    public String streamType() {
        return type.name();
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
        if (destroyed) {
            return;
        }
        txRequested = true;
        onward = Onward.POLL;
        queueService();
    }

    @Override
    public void requestTx(long totalLength) {
        loop.assertInLoop();
        if (totalLength < 0 || totalLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("payload length " + totalLength + " is outside 0..2^32-1");
        }
        lengthHint = totalLength;
        requestTx();
    }

    @Override
    public void connect() {
        loop.assertInLoop();
        if (destroyed) {
            return;
        }
        if (onward == Onward.NONE) {
            onward = Onward.CONNECT;
        }
        queueService();
    }

    @Override
    public void setMetadata(String name, byte[] value) {
        loop.assertInLoop();
        if (type.metadataIndex(name) < 0) {
            throw new IllegalArgumentException("metadata '" + name + "' is not declared by streamtype '" + type.name()
                    + "'");
        }
        if (value.length == 0) {
            throw new IllegalArgumentException("metadata '" + name + "' has an empty value; proxies refuse it");
        }
        if (local == null) {
            earlyMetadata.put(name, value.clone());
        } else {
            local.setMetadata(name, value);
        }
    }

    @Override
    public Optional<byte[]> metadata(String name) {
        loop.assertInLoop();
        if (local == null) {
            byte[] v = earlyMetadata.get(name);
            return v == null ? Optional.empty() : Optional.of(v.clone());
        }
        return local.metadata(name);
    }

    @Override
    public void startTimeout(int millis) {
        loop.assertInLoop();
        if (millis < 0) {
            throw new IllegalArgumentException("timeout " + millis + " ms is negative");
        }
        if (local == null) {
            earlyTimeout = millis;
        } else {
            local.startTimeout(millis);
        }
    }

    @Override
    public void cancelTimeout() {
        loop.assertInLoop();
        if (local == null) {
            earlyTimeout = -1;
            earlyTimeoutCancelled = true;
        } else {
            local.cancelTimeout();
        }
    }

    @Override
    public void addPeerTxCredit(int delta) {
        loop.assertInLoop();
        peerTxCredit += delta;
    }

    @Override
    public int estimatedPeerTxCredit() {
        return peerTxCredit;
    }

    @Override
    public String rideshare() {
        return type.name();
    }

    @Override
    public void close() {
        loop.assertInLoop();
        if (destroyed) {
            return;
        }
        if (callbackDepth > 0) {
            throw new IllegalStateException("close() called from inside a callback of stream '" + type.name()
                    + "'; return DESTROY_ME instead");
        }
        destroy();
    }

    /** Destroys the stream: DISCONNECTED if it was connected, then DESTROYING. Idempotent. */
    void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        owner.forget(this);
        if (local != null) {
            local.destroy();
        } else {
            deliverState(StreamState.DESTROYING, 0);
        }
    }

    // ---- from the LocalStream

    @Override
    public void onCreated(LocalStream stream) {
        local = stream;
        earlyMetadata.forEach(stream::setMetadata);
        earlyMetadata.clear();
    }

    @Override
    public void onState(StreamState s, long ack) {
        if (s == StreamState.CONNECTED || s == StreamState.DISCONNECTED) {
            writeBlocked = false;
        }
        StreamResult r = deliverState(s, ack);
        if (s == StreamState.DESTROYING) {
            return;
        }
        act(r);
        if (s == StreamState.CONNECTED && txRequested) {
            queueService();
        }
    }

    @Override
    public void onRx(ByteBuffer data, int flags) {
        peerTxCredit -= data.remaining();
        act(callback("onRx", StreamResult.OK, () -> handler.onRx(this, data, flags)));
    }

    @Override
    public void onWritableAgain() {
        writeBlocked = false;
        if (txRequested) {
            queueService();
        }
    }

    // ---- the onward connection and tx

    private void queueService() {
        if (!serviceQueued) {
            serviceQueued = true;
            loop.execute(() -> {
                serviceQueued = false;
                service();
            });
        }
    }

    /** Passes on the connection request, then offers tx while it is asked for and the connection takes it. */
    private void service() {
        if (destroyed || !started) {
            return;
        }
        Onward o = onward;
        onward = Onward.NONE;
        long length = lengthHint;
        lengthHint = -1;
        if (length >= 0) {
            local.lengthHint(length);
        } else if (o == Onward.POLL) {
            local.requestTx();
        } else if (o == Onward.CONNECT) {
            local.connect();
        }
        while (txRequested && !writeBlocked && !destroyed && local.isConnected()) {
            if (!offerTx()) {
                return;
            }
        }
    }

    /** One {@code onTx}; returns whether another may follow at once. */
    private boolean offerTx() {
        txRequested = false;
        txSpace.clear();
        chunk.flags = 0;
        StreamResult r = callback("onTx", StreamResult.TX_DONT_SEND, () -> handler.onTx(this, txOrdinal++, chunk));
        if (r == StreamResult.TX_DONT_SEND) {
            if (txRequested) {
                queueService();
            }
            return false;
        }
        if (r != StreamResult.OK) {
            act(r);
            return false;
        }
        ByteBuffer out = ByteBuffer.wrap(txSpace.array(), 0, txSpace.position());
        if (!local.write(out, chunk.flags & PayloadFlags.DELIVERED_MASK)) {
            writeBlocked = true;
            return false;
        }
        return true;
    }

    // ---- the application

    private StreamResult deliverState(StreamState s, long ack) {
        state = s;
        return callback("onState(" + s + ")", StreamResult.OK, () -> handler.onState(this, s, ack));
    }

    private StreamResult callback(String what, StreamResult onFailure, Supplier<StreamResult> call) {
        callbackDepth++;
        try {
            StreamResult r = call.get();
            return r == null ? onFailure : r;
        } catch (RuntimeException e) {
            LOG.error("stream '{}': the handler failed in {}", type.name(), what, e);
            return onFailure;
        } finally {
            callbackDepth--;
        }
    }

    private void act(StreamResult r) {
        if (r == StreamResult.DESTROY_ME) {
            destroy();
        } else if (r == StreamResult.DISCONNECT_ME && local != null && !destroyed) {
            LOG.debug("stream '{}': the application asked to disconnect", type.name());
            local.disconnect();
        }
    }

    @Override
    public String toString() {
        return "in-process-stream(" + type.name() + ", " + state + ")";
    }

    /** The space {@code onTx} writes into; what goes out lies between 0 and the position. */
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
}
