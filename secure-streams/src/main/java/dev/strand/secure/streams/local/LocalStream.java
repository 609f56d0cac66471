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
 *       {@link #connect()} asks.</li>
 *   <li>Each attempt: {@code CONNECTING}, then {@code CONNECTED}, or {@code UNREACHABLE} and a
 *       retry after the policy's backoff ({@link Backoff}); once a failure is no longer
 *       concealed, {@code ALL_RETRIES_FAILED} and the stream waits for {@link #connect()}.
 *       Asking to connect while a retry is pending does not cut the backoff short.</li>
 *   <li>A connection that was up and drops: {@code DISCONNECTED}; an {@code opportunistic}
 *       streamtype then stays down, any other reconnects through the backoff.</li>
 *   <li>{@code TIMEOUT} when the stream timer fires ({@code timeout_ms} for a start of 0).</li>
 *   <li>Every state is checked against {@link StateTransitions} first: a state the lws table
 *       does not allow after the previous one is not reported (and logged).</li>
 *   <li>Metadata slots are the streamtype's; values feed {@code ${name}} in the endpoint.</li>
 *   <li>Rx flow control pauses reading from the onward connection
 *       ({@link #setReading(boolean)}); tx backpressure is {@link #write}'s answer followed by
 *       {@link StreamEvents#onWritableAgain()}.</li>
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

    /** Whether this runtime can carry streams of {@code type} (its protocol has a binding). */
    public static boolean supports(StreamType type) {
        return Bindings.forProtocol(type.protocol()).isPresent() && !type.server();
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
        loop.assertInLoop();
        if (type.server()) {
            throw new IllegalArgumentException("streamtype '" + type.name() + "' is a server streamtype");
        }
        ProtocolBinding.Factory bindings = Bindings.forProtocol(type.protocol()).orElseThrow(() ->
                new IllegalArgumentException("streamtype '" + type.name() + "' speaks " + type.protocol().policyName()
                        + ", which has no onward binding here"));
        LocalStream s = new LocalStream(type, loop, Objects.requireNonNull(context, "context"), events, bindings,
                Objects.requireNonNull(tag, "tag"));
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

    /** Whether the onward connection is up. */
    public boolean isConnected() {
        return seq == Seq.CONNECTED;
    }

    /**
     * Asks for the onward connection (lws's {@code request_tx} without a connection): starts an
     * attempt if the stream is idle, with the retry count reset; does nothing while an attempt is
     * under way, a retry is pending or the connection is up.
     */
    public void connect() {
        loop.assertInLoop();
        if (seq == Seq.IDLE) {
            backoff.reset();
            startConnect();
        }
    }

    /**
     * lws's {@code request_tx} as far as the connection goes: if the stream is idle (never
     * connected, dropped and not reconnecting, or given up), {@code POLL} and then a connection
     * attempt with the retry count reset; otherwise nothing (an attempt is under way, a retry is
     * pending, or the connection is up). The owner asks for its own tx opportunity.
     */
    public void requestTx() {
        loop.assertInLoop();
        if (seq != Seq.IDLE) {
            return;
        }
        if (state != StreamState.POLL) {
            emit(StreamState.POLL);
            if (seq != Seq.IDLE) {
                return;
            }
        }
        backoff.reset();
        startConnect();
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
        return binding.write(piece, flags);
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
     * Sets metadata {@code name} to a copy of {@code value}; the next connection's endpoint sees it.
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

    /** The value of metadata {@code name}, if it is set. */
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
            attemptFailed(null, e);
            return;
        }
        Events ev = new Events();
        ProtocolBinding b = bindings.create(new BindingSetup(loop, type, context), ev);
        ev.owner = b;
        binding = b;
        b.setReading(reading);
        b.open(target);
    }

    private void attemptFailed(ProtocolBinding b, Throwable cause) {
        if (b != binding || seq != Seq.CONNECTING) {
            return;
        }
        binding = null;
        LOG.debug("{}: onward connect of '{}' failed: {}", tag, type.name(), cause.toString());
        emit(StreamState.UNREACHABLE);
        if (seq == Seq.CONNECTING) {
            backOff();
        }
    }

    private void backOff() {
        OptionalLong delay = backoff.onFailure();
        if (delay.isPresent()) {
            seq = Seq.RECONNECT_WAIT;
            retryTimer = loop.schedule(this::retry, delay.getAsLong(), TimeUnit.MILLISECONDS);
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
            startConnect();
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
        LOG.debug("{}: onward connection of '{}' closed ({})", tag, type.name(), cause == null ? "orderly" : cause);
        emit(StreamState.DISCONNECTED);
        if (seq == Seq.IDLE && !type.opportunistic()) {
            backOff();
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
        int i = type.metadataIndex(name);
        return i < 0 || metadata[i] == null ? null : new String(metadata[i], StandardCharsets.UTF_8);
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
            attemptFailed(owner, cause);
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
                events.onWritableAgain();
            }
        }

        @Override
        public void closed(Throwable cause) {
            dropped(owner, cause);
        }
    }
}
