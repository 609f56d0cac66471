package dev.strand.secure.streams.local;

import dev.strand.api.Loop;
import dev.strand.api.ss.StreamState;
import dev.strand.core.net.retry.Backoff;
import dev.strand.core.net.sss.StateTransitions;
import dev.strand.secure.streams.policy.ConnectTarget;
import dev.strand.secure.streams.policy.StreamType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One policy-driven secure stream running in this process: it makes and keeps its onward
 * connection as lws's in-process SS does (secure-streams.md §1.6–§1.8), and reports states and
 * payload to its {@link StreamEvents}. The SS proxy serves each client link with one; the
 * in-process {@code SecureStreams} builds on it too. It knows nothing about SSS.
 *
 * <ul>
 *   <li>{@code CREATING} on creation; a {@code nailed_up} streamtype connects at once, others when
 *       {@link #connect()} (lws's {@code client_connect}) or {@link #requestTx()} /
 *       {@link #lengthHint} (lws's {@code request_tx}, which reports {@code POLL} first) ask.</li>
 *   <li>Each attempt: {@code CONNECTING}, then {@code CONNECTED}, or {@code UNREACHABLE} and a
 *       retry after the policy's backoff ({@link Backoff}), announced with {@code POLL} as lws's
 *       retries go through {@code request_tx}; once a failure is no longer concealed,
 *       {@code ALL_RETRIES_FAILED} and the stream waits to be asked again. Asking to connect
 *       while a retry is pending does not cut the backoff short.</li>
 *   <li>A connection that was up and drops: {@code DISCONNECTED}; an {@code opportunistic}
 *       streamtype then stays down, any other reconnects through the backoff.</li>
 *   <li>HTTP runs one transaction per attempt: {@code CONNECTED} when the response head arrives
 *       (or at once for a body-carrying method, so the client can send the body), response
 *       metadata ahead of the payload, then {@code QOS_ACK_REMOTE} or {@code QOS_NACK_REMOTE} and
 *       {@code DISCONNECTED}; the next transaction starts with {@code CONNECTING} again. A peer
 *       that asks to be tried later (503, 429) is retried after its {@code Retry-After} if that is
 *       longer than the backoff.</li>
 *   <li>{@code TIMEOUT} when the stream timer fires ({@code timeout_ms} for a start of 0); the
 *       timer is cancelled when a connection or transaction ends, as lws does.</li>
 *   <li>Every state is checked against lws HEAD's table ({@link StateTransitions#isAllowed})
 *       first: a state it does not allow after the previous one is not reported (and logged).
 *       The SS proxy says HEAD-only steps in seed terms to its clients.</li>
 *   <li>Metadata slots are the streamtype's; values feed {@code ${name}} in the endpoint and URL
 *       and the headers the policy maps them to; response headers update them.</li>
 *   <li>Rx flow control pauses reading from the onward connection
 *       ({@link #setReading(boolean)}); tx backpressure is {@link #write}'s answer followed by
 *       {@link StreamEvents#onWritableAgain()}, which also comes when the connection or
 *       transaction that held the writer back ends (what is written next is dropped until the
 *       next one is up), so a writer is never left waiting.</li>
 * </ul>
 *
 * <p>Confined to its loop: every method must be called there, and every event is reported there.
 */
public final class LocalStream {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStream.class);

    private enum Seq { IDLE, CONNECTING, RECONNECT_WAIT, CONNECTED, DESTROYED }

    private final StreamType type;
    private final Loop loop;
    private final StreamContext context;
    private final StreamEvents events;
    private final ProtocolBinding.Factory bindings;
    private final Backoff backoff;
    private final byte[][] metadata;
    private final String tag;

    private Seq seq = Seq.IDLE;
    private StreamState state = StreamState.UNSET;
    private ProtocolBinding binding;
    private Loop.Scheduled retryTimer;
    private Loop.Scheduled timeoutTimer;
    private boolean reading = true;
    private boolean txBlocked;
    private long txLength = -1;

    private LocalStream(StreamType type, Loop loop, StreamContext context, StreamEvents events,
                        ProtocolBinding.Factory bindings, String tag) {
        this.type = type;
        this.loop = loop;
        this.context = context;
        this.events = events;
        this.bindings = bindings;
        this.backoff = new Backoff(type.retry(), context.random());
        this.metadata = new byte[type.metadata().size()][];
        this.tag = tag;
    }

    /**
     * Whether this runtime can carry streams of {@code type} with {@code context}'s protocols: a
     * client streamtype whose protocol has a binding here and, where that needs one, a protocol
     * module present ({@code h2} for h2 streamtypes).
     */
    public static boolean supports(StreamType type, StreamContext context) {
        return !type.server() && Bindings.forProtocol(type.protocol(), context.providers()).isPresent();
    }

    /**
     * Creates a stream of {@code type} on {@code loop}: reports {@code CREATING} and, for a
     * {@code nailed_up} streamtype, starts connecting, both before this returns. Call on {@code loop}.
     *
     * @param tag names the stream in log lines (a client link, an application name)
     * @throws IllegalArgumentException if {@link #supports} says no
     */
    public static LocalStream create(StreamType type, Loop loop, StreamContext context, StreamEvents events,
                                     String tag) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(context, "context");
        loop.assertInLoop();
        if (type.server()) {
            throw new IllegalArgumentException("streamtype '" + type.name() + "' is a server streamtype");
        }
        ProtocolBinding.Factory bindings = Bindings.forProtocol(type.protocol(), context.providers()).orElseThrow(() ->
                new IllegalArgumentException("streamtype '" + type.name() + "' speaks " + type.protocol().policyName()
                        + ", which has no onward binding here (" + Bindings.carried(context.providers()) + " have)"));
        LocalStream s = new LocalStream(type, loop, context, events, bindings, Objects.requireNonNull(tag, "tag"));
        events.onCreated(s);
        s.emit(StreamState.CREATING);
        if (type.nailedUp() && s.seq == Seq.IDLE) {
            s.startConnect();
        }
        return s;
    }

    /** The streamtype. */
    public StreamType type() {
        return type;
    }

    /** The loop the stream belongs to. */
    public Loop loop() {
        return loop;
    }

    /** The last state reported. */
    public StreamState state() {
        return state;
    }

    /** Whether the onward connection (or transaction) is up. */
    public boolean isConnected() {
        return seq == Seq.CONNECTED;
    }

    /**
     * Asks for the onward connection (lws's {@code client_connect}, the proxy's ONWARD_CONNECT):
     * starts an attempt if the stream is idle, with the retry count reset; does nothing while an
     * attempt is under way, a retry is pending or the connection is up.
     */
    public void connect() {
        loop.assertInLoop();
        if (seq == Seq.IDLE) {
            backoff.reset();
            startConnect();
        }
    }

    /**
     * Asks to send (lws's {@code request_tx} with no connection): like {@link #connect()}, but
     * reported with {@code POLL} before {@code CONNECTING}, as lws does.
     */
    public void requestTx() {
        loop.assertInLoop();
        if (seq == Seq.IDLE) {
            backoff.reset();
            poll();
        }
    }

    /**
     * The client announces the length of the payload it is about to send (lws's
     * {@code request_tx_len}, the proxy's PAYLOAD_LENGTH_HINT): HTTP sends it as
     * {@code content-length} in the next transaction (until that transaction completes); then, as
     * {@link #requestTx()}, starts that transaction if the stream is idle.
     */
    public void lengthHint(long length) {
        loop.assertInLoop();
        txLength = length;
        requestTx();
    }

    /**
     * Drops the onward connection, as when the peer closes it (lws's {@code DISCONNECT_ME}):
     * {@code DISCONNECTED}, then a reconnect through the backoff unless the streamtype is
     * {@code opportunistic}. Does nothing without a connection that is up.
     */
    public void disconnect() {
        loop.assertInLoop();
        ProtocolBinding b = binding;
        if (seq != Seq.CONNECTED || b == null) {
            return;
        }
        b.close();
        dropped(b, null);
    }

    /**
     * Sends payload on the onward connection (copied before this returns). Without a connection
     * it is dropped, as there is nobody to send it to.
     *
     * @return whether more may come now; after {@code false},
     *         {@link StreamEvents#onWritableAgain()} follows once the connection drains
     */
    public boolean write(ByteBuffer piece, int flags) {
        loop.assertInLoop();
        if (seq != Seq.CONNECTED) {
            LOG.debug("{}: {} bytes of tx for '{}' dropped: not connected", tag, piece.remaining(), type.name());
            piece.position(piece.limit());
            return true;
        }
        boolean more = binding.write(piece, flags);
        if (!more) {
            txBlocked = true;
        }
        return more;
    }

    /** Pauses ({@code false}) or resumes reading from the onward connection: rx flow control. */
    public void setReading(boolean on) {
        loop.assertInLoop();
        reading = on;
        if (binding != null) {
            binding.setReading(on);
        }
    }

    /**
     * Sets metadata {@code name} to a copy of {@code value}; the next connection (or transaction)
     * sees it.
     *
     * @return {@code false} if the streamtype does not declare {@code name}
     */
    public boolean setMetadata(String name, byte[] value) {
        loop.assertInLoop();
        int i = type.metadataIndex(name);
        if (i < 0) {
            return false;
        }
        metadata[i] = value.clone();
        return true;
    }

    /** The value of metadata {@code name}, if it is set (by the application or by a response). */
    public Optional<byte[]> metadata(String name) {
        int i = type.metadataIndex(name);
        return i < 0 || metadata[i] == null ? Optional.empty() : Optional.of(metadata[i].clone());
    }

    /**
     * (Re)arms the stream timer: {@code TIMEOUT} after {@code millis} ms, or after the policy's
     * {@code timeout_ms} when {@code millis} is 0 (nothing if that is 0 too).
     */
    public void startTimeout(long millis) {
        loop.assertInLoop();
        if (seq == Seq.DESTROYED) {
            return;
        }
        long ms = millis == 0 ? type.timeoutMs() : millis;
        cancelTimer();
        if (ms > 0) {
            timeoutTimer = loop.schedule(this::timedOut, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Disarms the stream timer. */
    public void cancelTimeout() {
        loop.assertInLoop();
        cancelTimer();
    }

    /**
     * Destroys the stream: timers cancelled, the connection dropped, {@code DISCONNECTED} (if it
     * was connected) and {@code DESTROYING} reported. Idempotent.
     */
    public void destroy() {
        loop.assertInLoop();
        if (seq == Seq.DESTROYED) {
            return;
        }
        boolean wasConnected = seq == Seq.CONNECTED;
        seq = Seq.DESTROYED;
        cancelTimer();
        if (retryTimer != null) {
            retryTimer.cancel();
            retryTimer = null;
        }
        dropBinding();
        if (wasConnected) {
            emit(StreamState.DISCONNECTED);
        }
        emit(StreamState.DESTROYING);
    }

    // ---- connection sequencing

    private void poll() {
        emit(StreamState.POLL);
        if (seq == Seq.IDLE || seq == Seq.RECONNECT_WAIT) {
            startConnect();
        }
    }

    private void startConnect() {
        seq = Seq.CONNECTING;
        emit(StreamState.CONNECTING);
        if (seq != Seq.CONNECTING) {
            return;
        }
        ConnectTarget target;
        try {
            target = type.connectTarget(this::metadataText);
        } catch (RuntimeException e) {
            attemptFailed(null, e, 0);
            return;
        }
        Events ev = new Events();
        ProtocolBinding b = bindings.create(new BindingSetup(loop, type, context, this::metadataValue, txLength), ev);
        ev.owner = b;
        binding = b;
        b.setReading(reading);
        b.open(target);
    }

    private void attemptFailed(ProtocolBinding b, Throwable cause, long minDelayMillis) {
        if (b != binding || seq != Seq.CONNECTING) {
            return;
        }
        binding = null;
        LOG.debug("{}: onward connect of '{}' failed: {}", tag, type.name(), cause.toString());
        emit(StreamState.UNREACHABLE);
        if (seq == Seq.CONNECTING) {
            backOff(minDelayMillis);
        }
    }

    private void backOff(long minDelayMillis) {
        OptionalLong delay = backoff.onFailure();
        if (delay.isPresent()) {
            seq = Seq.RECONNECT_WAIT;
            retryTimer = loop.schedule(this::retry, Math.max(delay.getAsLong(), minDelayMillis), TimeUnit.MILLISECONDS);
        } else {
            seq = Seq.IDLE;
            LOG.debug("{}: '{}' gives up after {} failures (retry '{}')", tag, type.name(), backoff.failures(),
                    type.retry().name());
            emit(StreamState.ALL_RETRIES_FAILED);
        }
    }

    private void retry() {
        retryTimer = null;
        if (seq == Seq.RECONNECT_WAIT) {
            poll();
        }
    }

    private void connected(ProtocolBinding b) {
        if (b != binding || seq != Seq.CONNECTING) {
            return;
        }
        seq = Seq.CONNECTED;
        backoff.reset();
        emit(StreamState.CONNECTED);
    }

    private void dropped(ProtocolBinding b, Throwable cause) {
        if (b != binding || seq != Seq.CONNECTED) {
            return;
        }
        binding = null;
        seq = Seq.IDLE;
        cancelTimer();
        LOG.debug("{}: onward connection of '{}' closed ({})", tag, type.name(), cause == null ? "orderly" : cause);
        emit(StreamState.DISCONNECTED);
        if (seq == Seq.IDLE && !type.opportunistic()) {
            backOff(0);
        }
        releaseWriter();
    }

    private void transactionDone(ProtocolBinding b, boolean success) {
        if (b != binding || seq != Seq.CONNECTED) {
            return;
        }
        binding = null;
        txLength = -1;
        cancelTimer();
        emit(success ? StreamState.QOS_ACK_REMOTE : StreamState.QOS_NACK_REMOTE);
        if (seq == Seq.CONNECTED) {
            seq = Seq.IDLE;
            emit(StreamState.DISCONNECTED);
        }
        releaseWriter();
    }

    private void retryLater(ProtocolBinding b, Throwable cause, long retryAfterMillis) {
        if (b != binding || (seq != Seq.CONNECTING && seq != Seq.CONNECTED)) {
            return;
        }
        boolean wasConnected = seq == Seq.CONNECTED;
        binding = null;
        LOG.debug("{}: '{}' is asked to come back in {} ms or later: {}", tag, type.name(), retryAfterMillis,
                cause.toString());
        if (wasConnected) {
            seq = Seq.IDLE;
            cancelTimer();
            emit(StreamState.DISCONNECTED);
        } else {
            emit(StreamState.UNREACHABLE);
        }
        if (seq == Seq.IDLE || seq == Seq.CONNECTING) {
            backOff(retryAfterMillis);
        }
        releaseWriter();
    }

    private void rxMetadata(ProtocolBinding b, String name, byte[] value) {
        if (b != binding || seq == Seq.DESTROYED) {
            return;
        }
        int i = type.metadataIndex(name);
        if (i >= 0) {
            metadata[i] = value.clone();
        }
        events.onRxMetadata(name, value);
    }

    private void userState(ProtocolBinding b, int value) {
        if (b == binding && seq != Seq.DESTROYED) {
            emit(StreamState.of(Integer.toUnsignedLong(value)));
        }
    }

    private void timedOut() {
        timeoutTimer = null;
        if (seq != Seq.DESTROYED) {
            emit(StreamState.TIMEOUT);
        }
    }

    // ---- helpers

    private void emit(StreamState next) {
        if (!StateTransitions.isAllowed(state, next)) {
            LOG.warn("{}: '{}' would go {} -> {}, which the lws state table does not allow; not reported",
                    tag, type.name(), state, next);
            return;
        }
        if (StateTransitions.isTracked(next)) {
            state = next;
        }
        events.onState(next, 0);
    }

    private String metadataText(String name) {
        byte[] v = metadataValue(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private byte[] metadataValue(String name) {
        int i = type.metadataIndex(name);
        return i < 0 || metadata[i] == null ? null : metadata[i].clone();
    }

    /** A writer held back by a connection that is gone may write again (into nothing, until the next one). */
    private void releaseWriter() {
        if (txBlocked && seq != Seq.DESTROYED) {
            txBlocked = false;
            events.onWritableAgain();
        }
    }

    private void cancelTimer() {
        if (timeoutTimer != null) {
            timeoutTimer.cancel();
            timeoutTimer = null;
        }
    }

    private void dropBinding() {
        ProtocolBinding b = binding;
        binding = null;
        if (b != null) {
            b.close();
        }
    }

    /** One binding's events; each attempt gets its own so that a stale binding is recognised. */
    private final class Events implements ProtocolBinding.BindingEvents {
        private ProtocolBinding owner;

        private boolean current() {
            return owner != null && owner == binding && seq == Seq.CONNECTED;
        }

        @Override
        public void connected() {
            LocalStream.this.connected(owner);
        }

        @Override
        public void failed(Throwable cause) {
            attemptFailed(owner, cause, 0);
        }

        @Override
        public void retryLater(Throwable cause, long retryAfterMillis) {
            LocalStream.this.retryLater(owner, cause, retryAfterMillis);
        }

        @Override
        public void rxMetadata(String name, byte[] value) {
            LocalStream.this.rxMetadata(owner, name, value);
        }

        @Override
        public void userState(int value) {
            LocalStream.this.userState(owner, value);
        }

        @Override
        public void rx(ByteBuffer data, int flags) {
            if (current()) {
                events.onRx(data, flags);
            } else {
                data.position(data.limit());
            }
        }

        @Override
        public void writable() {
            if (current()) {
                txBlocked = false;
                events.onWritableAgain();
            }
        }

        @Override
        public void transactionDone(boolean success) {
            LocalStream.this.transactionDone(owner, success);
        }

        @Override
        public void closed(Throwable cause) {
            dropped(owner, cause);
        }
    }
}
