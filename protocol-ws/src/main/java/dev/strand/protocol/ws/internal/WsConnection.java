package dev.strand.protocol.ws.internal;

import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.CLOSE_PAYLOAD_ONE_BYTE;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.INVALID_CLOSE_CODE;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.INVALID_UTF8_CLOSE_REASON;
import static dev.strand.protocol.ws.WebSocketProtocolException.Problem.INVALID_UTF8_TEXT;

import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.protocol.ws.WebSocket;
import dev.strand.protocol.ws.WebSocketClosedException;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WebSocketOptions;
import dev.strand.protocol.ws.WebSocketProtocolException;
import dev.strand.protocol.ws.WsWire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection after its opening handshake, for either role: it turns frames into
 * messages (or fragments) for the listener, sends messages as frames, answers pings, runs the
 * close handshake and the keepalive, and fails the connection with the right close code when the
 * peer breaks the protocol (one WARN line naming the peer; nothing else is affected).
 *
 * <p>It is the {@link WebSocket} handle the user holds. Confined to the link's loop; the owner
 * (the client session, or the server's link handler) passes the link's reads, writable events
 * and closure in.
 */
public final class WsConnection implements WebSocket, FrameSink {

    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    private static final int KEEP_ASSEMBLY_BUFFER_UP_TO = 1 << 20;

    private enum State { OPEN, CLOSE_SENT, CLOSED }

    private final Link link;
    private final Loop loop;
    private final WebSocketOptions options;
    private final WebSocketListener listener;
    private final Optional<String> subprotocol;
    private final FrameParser parser;
    private final FrameEncoder encoder;

    private State state = State.OPEN;

    private boolean rxText;
    private boolean rxFirst;
    private boolean rxFrameFin;
    private final Utf8Validator rxUtf8 = new Utf8Validator();
    private byte[] assembly;
    private int assembled;

    private boolean txInMessage;
    private boolean txText;
    private final Utf8Validator txUtf8 = new Utf8Validator();

    private final Map<Long, PendingPing> pings = new LinkedHashMap<>();
    private long nextPingToken;

    private long lastRxNanos;
    private long lastKeepalivePingNanos;
    private Loop.Scheduled keepaliveTimer;
    private Loop.Scheduled closeTimer;

    private int closeCode;
    private String closeReason = "";
    private Throwable closeCause;
    private boolean reported;

    private record PendingPing(long sentNanos, CompletableFuture<Duration> future) {
    }

    public WsConnection(Link link, Role role, WebSocketOptions options, WebSocketListener listener,
                        Optional<String> subprotocol, SecureRandom random) {
        this.link = link;
        this.loop = link.loop();
        this.options = options;
        this.listener = listener;
        this.subprotocol = subprotocol;
        this.parser = new FrameParser(role, options.maxMessageSize(), this);
        this.encoder = new FrameEncoder(role, random);
    }

    /** Arms the keepalive and tells the listener the connection is open. */
    public void start() {
        lastRxNanos = loop.nanoTime();
        lastKeepalivePingNanos = lastRxNanos;
        scheduleKeepalive();
        guard(() -> listener.onOpen(this));
    }

    // ---- link events, passed in by the owner -------------------------------------------------

    /** Bytes arrived on the link. */
    public void onRead(ByteBuffer data) {
        if (state == State.CLOSED) {
            data.position(data.limit());
            return;
        }
        lastRxNanos = loop.nanoTime();
        try {
            parser.parse(data);
        } catch (WebSocketProtocolException e) {
            LOG.warn("{}: {}; failing the WebSocket connection with close code {}", link.peer(), e.getMessage(),
                    e.closeCode());
            failConnection(e.closeCode(), shortReason(e), e);
        } catch (RuntimeException e) {
            listenerThrew(e);
        }
        data.position(data.limit());
    }

    /** The link can take bytes. */
    public void onWritable() {
        if (!reported) {
            guard(() -> listener.onWritable(this));
        }
    }

    /** The link closed; reports the end to the listener, once. */
    public void onLinkClosed(Throwable cause) {
        if (reported) {
            return;
        }
        if (state != State.CLOSED || closeCode == 0) {
            String why = "connection to " + link.peer() + " closed without a close handshake";
            record(WsWire.CLOSE_ABNORMAL, "", cause != null
                    ? new WebSocketClosedException(WsWire.CLOSE_ABNORMAL, why + ": " + cause, cause)
                    : new WebSocketClosedException(WsWire.CLOSE_ABNORMAL, why));
        }
        reported = true;
        try {
            listener.onClosed(this, closeCode, closeReason, closeCause);
        } catch (RuntimeException e) {
            LOG.warn("{}: the WebSocket listener threw from onClosed", link.peer(), e);
        }
    }

    /** Closes at once with {@code cause}, without a close handshake (the engine is shutting down). */
    public void abortWith(Throwable cause) {
        if (state != State.CLOSED) {
            record(WsWire.CLOSE_ABNORMAL, "", cause);
        }
        link.abort(cause);
    }

    // ---- frames in ---------------------------------------------------------------------------

    @Override
    public void onDataFrame(int opcode, boolean fin, long length) {
        if (opcode != WsWire.OP_CONTINUATION) {
            rxText = opcode == WsWire.OP_TEXT;
            rxFirst = true;
            rxUtf8.reset();
            assembled = 0;
        }
        rxFrameFin = fin;
    }

    @Override
    public void onData(ByteBuffer piece, boolean frameDone) throws WebSocketProtocolException {
        boolean last = frameDone && rxFrameFin;
        if (rxText) {
            if (!rxUtf8.update(piece)) {
                throw new WebSocketProtocolException(INVALID_UTF8_TEXT, "text message is not valid UTF-8");
            }
            if (last && !rxUtf8.isComplete()) {
                throw new WebSocketProtocolException(INVALID_UTF8_TEXT,
                        "text message ends in the middle of a UTF-8 sequence");
            }
        }
        if (options.deliverFragments()) {
            if (piece.hasRemaining() || rxFirst || last) {
                boolean first = rxFirst;
                rxFirst = false;
                listener.onFragment(this, piece, rxText, first, last);
            }
            return;
        }
        append(piece);
        if (last) {
            deliverMessage();
        }
    }

    private void append(ByteBuffer piece) {
        int n = piece.remaining();
        if (assembly == null || assembly.length - assembled < n) {
            long want = Math.max((long) assembled + n, assembly == null ? 4096 : (long) assembly.length * 2);
            byte[] bigger = new byte[(int) Math.min(want, Math.max(options.maxMessageSize(), (long) assembled + n))];
            if (assembly != null) {
                System.arraycopy(assembly, 0, bigger, 0, assembled);
            }
            assembly = bigger;
        }
        piece.get(assembly, assembled, n);
        assembled += n;
    }

    private void deliverMessage() {
        int n = assembled;
        assembled = 0;
        if (rxText) {
            String text = n == 0 ? "" : new String(assembly, 0, n, StandardCharsets.UTF_8);
            releaseLargeAssembly();
            listener.onText(this, text);
        } else {
            ByteBuffer data = n == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(assembly, 0, n);
            listener.onBinary(this, data);
            releaseLargeAssembly();
        }
    }

    private void releaseLargeAssembly() {
        if (assembly != null && assembly.length > KEEP_ASSEMBLY_BUFFER_UP_TO) {
            assembly = null;
        }
    }

    @Override
    public void onControl(int opcode, ByteBuffer payload) throws WebSocketProtocolException {
        switch (opcode) {
            case WsWire.OP_PING -> {
                if (state != State.CLOSED) {
                    link.write(encoder.frame(WsWire.OP_PONG, true, payload.duplicate()));
                }
                listener.onPing(this, payload);
            }
            case WsWire.OP_PONG -> {
                if (payload.remaining() == Long.BYTES) {
                    PendingPing p = pings.remove(payload.getLong(payload.position()));
                    if (p != null) {
                        p.future.complete(Duration.ofNanos(loop.nanoTime() - p.sentNanos));
                    }
                }
                listener.onPong(this, payload);
            }
            case WsWire.OP_CLOSE -> closeReceived(payload);
            default -> throw new IllegalStateException("not a control opcode: " + opcode);
        }
    }

    private void closeReceived(ByteBuffer payload) throws WebSocketProtocolException {
        int code;
        String reason = "";
        if (payload.remaining() == 0) {
            code = WsWire.CLOSE_NO_STATUS;
        } else if (payload.remaining() == 1) {
            throw new WebSocketProtocolException(CLOSE_PAYLOAD_ONE_BYTE,
                    "close frame has a 1-byte payload; a close code takes 2 bytes");
        } else {
            code = payload.getShort(payload.position()) & 0xFFFF;
            if (!WsWire.isSendableCloseCode(code)) {
                throw new WebSocketProtocolException(INVALID_CLOSE_CODE, "close frame carries close code " + code
                        + ", which may not be sent on the wire");
            }
            ByteBuffer r = payload.duplicate().position(payload.position() + 2);
            if (!Utf8Validator.isValid(r)) {
                throw new WebSocketProtocolException(INVALID_UTF8_CLOSE_REASON, "close reason is not valid UTF-8");
            }
            reason = StandardCharsets.UTF_8.decode(r).toString();
        }
        parser.halt();
        if (state == State.OPEN) {
            LOG.debug("{}: peer closed with {} '{}'; echoing it", link.peer(), code, reason);
            link.write(encoder.close(code, new byte[0]));
        }
        record(code, reason, null);
        link.close();
    }

    // ---- sending -----------------------------------------------------------------------------

    @Override
    public boolean sendText(CharSequence text) {
        requireCanStartMessage();
        return writeFrames(WsWire.OP_TEXT, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), true);
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        requireCanStartMessage();
        return writeFrames(WsWire.OP_BINARY, data, true);
    }

    @Override
    public boolean sendFragment(ByteBuffer data, boolean text, boolean first, boolean last) {
        requireOpen();
        if (first && txInMessage) {
            throw new IllegalStateException("a first fragment (SOM) arrived while the previous message on "
                    + link.peer() + " is unfinished (no last fragment, EOM, yet)");
        }
        if (!first && !txInMessage) {
            throw new IllegalStateException("a continuation fragment (no SOM) arrived on " + link.peer()
                    + " with no message started");
        }
        if (first) {
            txText = text;
            txUtf8.reset();
        }
        if (txText) {
            if (!txUtf8.update(data)) {
                throw new IllegalArgumentException("text fragment is not valid UTF-8");
            }
            if (last && !txUtf8.isComplete()) {
                throw new IllegalArgumentException("text message ends in the middle of a UTF-8 sequence");
            }
        }
        int opcode = first ? (txText ? WsWire.OP_TEXT : WsWire.OP_BINARY) : WsWire.OP_CONTINUATION;
        txInMessage = !last;
        return writeFrames(opcode, data, last);
    }

    private boolean writeFrames(int opcode, ByteBuffer data, boolean endsMessage) {
        int op = opcode;
        do {
            int n = Math.min(data.remaining(), options.fragmentSize());
            ByteBuffer piece = data.slice();
            piece.limit(n);
            data.position(data.position() + n);
            link.write(encoder.frame(op, endsMessage && !data.hasRemaining(), piece));
            op = WsWire.OP_CONTINUATION;
        } while (data.hasRemaining());
        return link.isWritable();
    }

    private void requireCanStartMessage() {
        requireOpen();
        if (txInMessage) {
            throw new IllegalStateException("a fragmented message on " + link.peer()
                    + " is unfinished: send its last fragment (EOM) before a whole message");
        }
    }

    private void requireOpen() {
        loop.assertInLoop();
        if (state != State.OPEN) {
            throw new IllegalStateException("WebSocket to " + link.peer() + " is "
                    + (state == State.CLOSE_SENT ? "closing" : "closed") + "; no more messages can be sent");
        }
    }

    @Override
    public void ping(ByteBuffer payload) {
        loop.assertInLoop();
        if (payload.remaining() > WsWire.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("ping payload of " + payload.remaining() + " bytes is longer than "
                    + WsWire.MAX_CONTROL_PAYLOAD);
        }
        if (state != State.CLOSED) {
            link.write(encoder.frame(WsWire.OP_PING, true, payload));
        }
    }

    @Override
    public CompletableFuture<Duration> roundTrip() {
        loop.assertInLoop();
        CompletableFuture<Duration> f = new CompletableFuture<>();
        if (state != State.OPEN) {
            f.completeExceptionally(new WebSocketClosedException(closeCode == 0 ? WsWire.CLOSE_ABNORMAL : closeCode,
                    "WebSocket to " + link.peer() + " is closing"));
            return f;
        }
        sendTokenPing(f);
        return f;
    }

    private void sendTokenPing(CompletableFuture<Duration> f) {
        long token = ++nextPingToken;
        pings.put(token, new PendingPing(loop.nanoTime(), f));
        link.write(encoder.frame(WsWire.OP_PING, true, ByteBuffer.allocate(Long.BYTES).putLong(0, token)));
    }

    @Override
    public boolean isWritable() {
        return link.isWritable();
    }

    @Override
    public void requestWrite() {
        link.requestWrite();
    }

    @Override
    public void setReading(boolean on) {
        link.setReading(on);
    }

    // ---- closing -----------------------------------------------------------------------------

    @Override
    public void close(int code, String reason) {
        loop.assertInLoop();
        if (!WsWire.isSendableCloseCode(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (1000-1003, 1007-1014, 3000-4999)");
        }
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        if (r.length > WsWire.MAX_CLOSE_REASON) {
            throw new IllegalArgumentException("close reason of " + r.length + " bytes is longer than "
                    + WsWire.MAX_CLOSE_REASON);
        }
        if (state != State.OPEN) {
            return;
        }
        link.write(encoder.close(code, r));
        state = State.CLOSE_SENT;
        txInMessage = false;
        Duration timeout = options.closeTimeout();
        closeTimer = loop.schedule(() -> closeTimedOut(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void closeTimedOut(Duration timeout) {
        closeTimer = null;
        if (state == State.CLOSE_SENT) {
            WebSocketClosedException cause = new WebSocketClosedException(WsWire.CLOSE_ABNORMAL, "no close frame from "
                    + link.peer() + " within " + timeout.toMillis() + " ms of ours; closing the link");
            LOG.debug("{}", cause.getMessage());
            record(WsWire.CLOSE_ABNORMAL, "", cause);
            link.abort(cause);
        }
    }

    @Override
    public void abort() {
        loop.assertInLoop();
        abortWith(new WebSocketClosedException(WsWire.CLOSE_ABNORMAL, "WebSocket to " + link.peer()
                + " aborted by this end"));
    }

    /** Fails the connection: a close frame with {@code code} if none was sent yet, then the link closes. */
    private void failConnection(int code, String reason, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        parser.halt();
        if (state == State.OPEN) {
            link.write(encoder.close(code, reason.getBytes(StandardCharsets.UTF_8)));
        }
        record(code, reason, cause);
        link.close();
    }

    private void listenerThrew(RuntimeException e) {
        LOG.warn("{}: the WebSocket listener threw; failing this connection with close code {}", link.peer(),
                WsWire.CLOSE_INTERNAL_ERROR, e);
        failConnection(WsWire.CLOSE_INTERNAL_ERROR, "internal error", e);
    }

    private void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            listenerThrew(e);
        }
    }

    /** Enters CLOSED with the outcome the listener will see; the first outcome recorded wins. */
    private void record(int code, String reason, Throwable cause) {
        if (state == State.CLOSED && closeCode != 0) {
            return;
        }
        state = State.CLOSED;
        closeCode = code;
        closeReason = reason;
        closeCause = cause;
        parser.halt();
        cancelTimers();
        List<PendingPing> waiting = new ArrayList<>(pings.values());
        pings.clear();
        for (PendingPing p : waiting) {
            p.future.completeExceptionally(new WebSocketClosedException(code, "WebSocket to " + link.peer()
                    + " closed before the pong arrived"));
        }
    }

    private static String shortReason(WebSocketProtocolException e) {
        String s = e.problem().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return s.length() > WsWire.MAX_CLOSE_REASON ? s.substring(0, WsWire.MAX_CLOSE_REASON) : s;
    }

    // ---- keepalive ---------------------------------------------------------------------------

    private void scheduleKeepalive() {
        long ping = options.pingAfterIdle().toNanos();
        long hangup = options.hangupAfterIdle().toNanos();
        if ((ping == 0 && hangup == 0) || state == State.CLOSED) {
            return;
        }
        long next = Long.MAX_VALUE;
        if (ping > 0) {
            next = Math.max(lastRxNanos, lastKeepalivePingNanos) + ping;
        }
        if (hangup > 0) {
            next = Math.min(next, lastRxNanos + hangup);
        }
        keepaliveTimer = loop.schedule(this::keepaliveCheck, Math.max(0, next - loop.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void keepaliveCheck() {
        keepaliveTimer = null;
        if (state == State.CLOSED) {
            return;
        }
        long now = loop.nanoTime();
        long hangup = options.hangupAfterIdle().toNanos();
        if (hangup > 0 && now - lastRxNanos >= hangup) {
            WebSocketClosedException cause = new WebSocketClosedException(WsWire.CLOSE_ABNORMAL, "nothing received from "
                    + link.peer() + " for " + options.hangupAfterIdle().toMillis() + " ms: the connection failed its"
                    + " validity check");
            LOG.warn("{}", cause.getMessage());
            record(WsWire.CLOSE_ABNORMAL, "", cause);
            link.abort(cause);
            return;
        }
        long ping = options.pingAfterIdle().toNanos();
        if (ping > 0 && now - Math.max(lastRxNanos, lastKeepalivePingNanos) >= ping && state == State.OPEN) {
            lastKeepalivePingNanos = now;
            sendTokenPing(new CompletableFuture<>());
        }
        scheduleKeepalive();
    }

    private void cancelTimers() {
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
            keepaliveTimer = null;
        }
        if (closeTimer != null) {
            closeTimer.cancel();
            closeTimer = null;
        }
    }

    // ---- handle ------------------------------------------------------------------------------

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public String peer() {
        return link.peer();
    }

    @Override
    public Optional<String> subprotocol() {
        return subprotocol;
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public String toString() {
        return "WebSocket(" + link.peer() + ", " + state + ")";
    }
}
