package dev.strand.protocol.h2;

import dev.strand.api.Loop;
import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ExchangeProgress;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import dev.strand.http.HttpExchange;
import dev.strand.http.ResponseHead;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 client connection as the connection engine sees it (RFC 9113).
 *
 * <p><b>Binding.</b> It sends the preface and its SETTINGS at once, and reports itself ready when
 * the server's first SETTINGS arrive: everything the engine queued meanwhile is then bound at
 * once ("broadside"), each exchange a stream whose HEADERS go out in the same write. Its capacity
 * is min(peer SETTINGS_MAX_CONCURRENT_STREAMS, local cap) minus the open streams, reported again
 * whenever a SETTINGS frame changes it (lws uses only its own limit, {@code spec/queueing.md} E47).
 *
 * <p><b>Ending.</b> GOAWAY from the peer stops new streams, fails the streams above its
 * last-stream-id as {@link ReplayClass#NOT_PROCESSED} (the engine sends them again elsewhere),
 * lets the others finish, then closes (lws kills them all, E55). REFUSED_STREAM is
 * {@code NOT_PROCESSED} too. A malformed frame, a flow-control violation or an HPACK error is
 * answered with GOAWAY and the RFC's error code, fails every bound exchange with an
 * {@link H2Exception} and closes this connection only, with one WARN line naming the peer; a
 * malformed response costs only its stream (RST_STREAM).
 *
 * <p><b>Flow control</b> runs per stream and per connection in both directions; request bodies
 * go out as the windows and the link allow. A stream whose exchange's owner pauses it
 * ({@link HttpExchange#setReading}) gets no WINDOW_UPDATE until it resumes, so its peer stops once
 * the window is used; other streams go on. A PING checks the connection after it has been quiet
 * for a while; an unanswered one closes it.
 *
 * <p>Confined to its link's loop.
 */
final class H2Session implements ProtocolSession, FrameReader.FrameSink {

    private static final Logger LOG = LoggerFactory.getLogger(H2Session.class);
    /** Frames built up to this many bytes go to the link before more body bytes are framed. */
    private static final int FLUSH_THRESHOLD = 256 * 1024;

    private final Link link;
    private final Loop loop;
    private final SessionListener listener;
    private final H2Settings local;
    private final FrameReader reader;
    private final FrameWriter writer = new FrameWriter();
    private final Hpack hpack;
    private final Map<Integer, H2Stream> streams = new HashMap<>();
    private final Map<Exchange, H2Stream> byExchange = new IdentityHashMap<>();
    private final ArrayDeque<RequestBodySender> sending = new ArrayDeque<>();

    private boolean ready;
    private boolean accepting = true;
    private boolean drainingReported;
    private boolean closing;
    private boolean closed;
    private boolean flushQueued;
    private boolean waitingForWritable;
    private boolean pumping;

    private int nextStreamId = 1;
    private int lastStreamId;
    private long peerMaxConcurrent = Long.MAX_VALUE;
    private int peerInitialWindow = H2Wire.DEFAULT_WINDOW;
    private int peerMaxFrameSize = H2Wire.DEFAULT_MAX_FRAME_SIZE;
    private long connectionSendWindow = H2Wire.DEFAULT_WINDOW;
    private long connectionReceiveWindow;
    private int connectionUnacknowledged;
    private int goAwayLastStreamId = Integer.MAX_VALUE;

    private int headerBlockStream;
    private boolean headerBlockEndStream;
    private ByteBuffer headerBlock;

    private long lastFrameNanos;
    private long pingPayload;
    private boolean pingOutstanding;
    private Loop.Scheduled pingTimer;
    private Loop.Scheduled pingDeadline;

    H2Session(Link link, SessionListener listener, H2Settings settings) {
        this.link = link;
        this.loop = link.loop();
        this.listener = listener;
        this.local = settings;
        this.reader = new FrameReader(settings.maxFrameSize());
        this.hpack = new Hpack(settings.maxHeaderListSize());
        this.connectionReceiveWindow = settings.connectionWindowSize();
    }

    /** Sends the preface, SETTINGS and the connection window; starts the validity check. */
    void start() {
        writer.preface();
        writer.settings(H2Wire.SETTINGS_ENABLE_PUSH, 0,
                H2Wire.SETTINGS_MAX_CONCURRENT_STREAMS, 0,
                H2Wire.SETTINGS_INITIAL_WINDOW_SIZE, local.initialWindowSize(),
                H2Wire.SETTINGS_MAX_FRAME_SIZE, local.maxFrameSize(),
                H2Wire.SETTINGS_MAX_HEADER_LIST_SIZE, local.maxHeaderListSize());
        int raise = local.connectionWindowSize() - H2Wire.DEFAULT_WINDOW;
        if (raise > 0) {
            writer.windowUpdate(0, raise);
        }
        flush();
        lastFrameNanos = loop.nanoTime();
        if (!local.pingInterval().isZero()) {
            schedulePingCheck(local.pingInterval().toNanos());
        }
    }

    // ---- ProtocolSession ---------------------------------------------------------------------

    @Override
    public boolean isReady() {
        return ready && !closed;
    }

    @Override
    public int availableCapacity() {
        if (!acceptsNewExchanges() || !ready) {
            return 0;
        }
        long limit = Math.min(peerMaxConcurrent, local.maxConcurrentStreams());
        long streamIdsLeft = ((long) H2Wire.MAX_STREAM_ID - nextStreamId) / 2 + 1;
        return (int) Math.max(0, Math.min(limit - byExchange.size(), streamIdsLeft));
    }

    @Override
    public boolean acceptsNewExchanges() {
        return accepting && !closing && !closed;
    }

    @Override
    public int activeExchanges() {
        return byExchange.size();
    }

    @Override
    public void bind(Exchange exchange) {
        if (!(exchange instanceof HttpExchange http)) {
            throw new IllegalArgumentException("h2 carries HTTP exchanges, not " + exchange.getClass().getName());
        }
        if (availableCapacity() <= 0) {
            throw new IllegalStateException("connection to " + link.peer() + " has no stream free");
        }
        H2Stream s = new H2Stream(http);
        s.id = nextStreamId;
        nextStreamId += 2;
        lastStreamId = s.id;
        s.sendWindow = peerInitialWindow;
        s.receiveWindow = local.initialWindowSize();
        ByteBuffer block;
        try {
            block = hpack.encodeRequest(s.id, RequestHeaders.pseudo(http.request()), RequestHeaders.fields(http.request()));
        } catch (Hpack.HpackException e) {
            connectionError(Http2Error.connection(ErrorCode.INTERNAL_ERROR, e.getMessage()));
            throw new IllegalStateException(e.getMessage(), e);
        }
        streams.put(s.id, s);
        byExchange.put(exchange, s);
        http.readControl(on -> pace(s, on));
        long length = http.request().body().contentLength();
        boolean bodiless = length == 0;
        writer.headers(s.id, block, bodiless, peerMaxFrameSize);
        s.headersSent = true;
        if (bodiless) {
            s.requestSent = true;
            listener.onExchangeProgress(this, exchange, ExchangeProgress.REQUEST_SENT);
        } else {
            s.body = new RequestBodySender(this, s, loop, length);
            http.request().body().subscribe(s.body);
        }
        scheduleFlush();
    }

    @Override
    public void cancel(Exchange exchange) {
        H2Stream s = byExchange.get(exchange);
        if (s == null) {
            return;
        }
        forget(s);
        if (!closed && !closing) {
            writer.rstStream(s.id, ErrorCode.CANCEL);
            scheduleFlush();
        }
        closeIfDrained();
    }

    @Override
    public void shutdown() {
        if (closed || closing) {
            return;
        }
        stopAccepting();
        writer.goAway(0, ErrorCode.NO_ERROR, "");
        flush();
        closeIfDrained();
    }

    @Override
    public void abort(Throwable cause) {
        if (closed || closing) {
            return;
        }
        closing = true;
        reader.stop();
        failAll(cause, null);
        link.abort(cause);
    }

    // ---- link events -------------------------------------------------------------------------

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (closed || closing) {
            return;
        }
        lastFrameNanos = loop.nanoTime();
        try {
            reader.read(data, this);
        } catch (Http2Error e) {
            connectionError(e);
        }
        flush();
    }

    @Override
    public void onWritable(Link l) {
        waitingForWritable = false;
        pumpBodies();
        flush();
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        accepting = false;
        reader.stop();
        cancelPingTimers();
        Throwable why = cause != null ? cause : new EOFException("connection to " + link.peer() + " closed"
                + (goAwayLastStreamId != Integer.MAX_VALUE ? " after GOAWAY" : ""));
        failAll(why, null);
        listener.onClosed(this, cause);
    }

    // ---- frames ------------------------------------------------------------------------------

    @Override
    public void onFrame(int type, int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (headerBlockStream != 0 && (type != H2Wire.CONTINUATION || streamId != headerBlockStream)) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, H2Wire.frameName(type) + " on stream " + streamId
                    + " interrupts the header block of stream " + headerBlockStream);
        }
        if (!ready && type != H2Wire.SETTINGS) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "the server's preface must start with SETTINGS, not "
                    + H2Wire.frameName(type));
        }
        try {
            switch (type) {
                case H2Wire.DATA -> onData(flags, streamId, payload);
                case H2Wire.HEADERS -> onHeaders(flags, streamId, payload);
                case H2Wire.CONTINUATION -> onContinuation(flags, streamId, payload);
                case H2Wire.PRIORITY -> onPriority(streamId, payload);
                case H2Wire.RST_STREAM -> onRstStream(streamId, payload);
                case H2Wire.SETTINGS -> onSettings(flags, streamId, payload);
                case H2Wire.PUSH_PROMISE -> throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR,
                        "PUSH_PROMISE on stream " + streamId + " although SETTINGS_ENABLE_PUSH is 0");
                case H2Wire.PING -> onPing(flags, streamId, payload);
                case H2Wire.GOAWAY -> onGoAway(streamId, payload);
                case H2Wire.WINDOW_UPDATE -> onWindowUpdate(streamId, payload);
                default -> {
                    // extension frames are ignored (RFC 9113 §5.5)
                }
            }
        } catch (Http2Error e) {
            if (e.isConnectionError()) {
                throw e;
            }
            streamError(e);
        }
    }

    private void onData(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
        }
        int length = payload.remaining();
        if (length > connectionReceiveWindow) {
            throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + length
                    + " bytes exceeds the connection window of " + connectionReceiveWindow);
        }
        connectionReceiveWindow -= length;
        connectionUnacknowledged += length;
        returnConnectionCredit();
        ByteBuffer data = unpad(flags, payload, "DATA", streamId);
        H2Stream s = existing(streamId, "DATA");
        if (s == null) {
            return;
        }
        if (length > s.receiveWindow) {
            throw Http2Error.stream(streamId, ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + length
                    + " bytes exceeds the window of stream " + streamId + " (" + s.receiveWindow + ")");
        }
        s.receiveWindow -= length;
        if (!s.headDelivered) {
            throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "DATA before the response headers on stream "
                    + streamId);
        }
        s.received += data.remaining();
        if (s.declaredLength >= 0 && s.received > s.declaredLength) {
            throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "stream " + streamId + " carries more than its content-length "
                    + s.declaredLength);
        }
        boolean end = (flags & H2Wire.FLAG_END_STREAM) != 0;
        if (data.hasRemaining()) {
            s.exchange.receiveBody(data);
            if (byExchange.get(s.exchange) != s) {
                return;
            }
            listener.onExchangeProgress(this, s.exchange, ExchangeProgress.RESPONSE_DATA);
        }
        if (end) {
            endOfResponse(s);
            return;
        }
        s.unacknowledged += length;
        if (!s.paused && s.unacknowledged >= local.initialWindowSize() / 2) {
            returnStreamCredit(s);
        }
    }

    private void returnStreamCredit(H2Stream s) {
        writer.windowUpdate(s.id, s.unacknowledged);
        s.receiveWindow += s.unacknowledged;
        s.unacknowledged = 0;
    }

    /** The exchange's owner paused or resumed its response: withhold or give back the stream's window. */
    private void pace(H2Stream s, boolean on) {
        if (closed || closing || byExchange.get(s.exchange) != s) {
            return;
        }
        s.paused = !on;
        if (on && s.unacknowledged > 0) {
            returnStreamCredit(s);
            scheduleFlush();
        }
    }

    private void onHeaders(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "HEADERS on stream 0");
        }
        if ((streamId & 1) == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "HEADERS on server-initiated stream " + streamId
                    + " (push is disabled)");
        }
        ByteBuffer fragment = unpad(flags, payload, "HEADERS", streamId);
        if ((flags & H2Wire.FLAG_PRIORITY) != 0) {
            if (fragment.remaining() < H2Wire.PRIORITY_LENGTH) {
                throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "HEADERS with PRIORITY on stream " + streamId
                        + " is too short for its priority fields");
            }
            fragment.position(fragment.position() + H2Wire.PRIORITY_LENGTH);
        }
        boolean endStream = (flags & H2Wire.FLAG_END_STREAM) != 0;
        if ((flags & H2Wire.FLAG_END_HEADERS) != 0) {
            headerBlock(streamId, fragment, endStream);
            return;
        }
        headerBlockStream = streamId;
        headerBlockEndStream = endStream;
        headerBlock = ByteBuffer.allocate(Math.max(1024, fragment.remaining() * 2));
        appendToHeaderBlock(fragment);
    }

    private void onContinuation(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (headerBlockStream == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION on stream " + streamId
                    + " without a header block in progress");
        }
        appendToHeaderBlock(payload);
        if ((flags & H2Wire.FLAG_END_HEADERS) != 0) {
            ByteBuffer block = headerBlock.flip();
            int id = headerBlockStream;
            headerBlockStream = 0;
            headerBlock = null;
            headerBlock(id, block, headerBlockEndStream);
        }
    }

    private void appendToHeaderBlock(ByteBuffer fragment) throws Http2Error {
        int limit = 2 * local.maxHeaderListSize() + 4096;
        if (headerBlock.position() + fragment.remaining() > limit) {
            throw Http2Error.connection(ErrorCode.ENHANCE_YOUR_CALM, "header block on stream " + headerBlockStream
                    + " grows beyond " + limit + " bytes");
        }
        if (headerBlock.remaining() < fragment.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(headerBlock.capacity() * 2, headerBlock.position() + fragment.remaining()));
            headerBlock.flip();
            bigger.put(headerBlock);
            headerBlock = bigger;
        }
        headerBlock.put(fragment);
    }

    private void headerBlock(int streamId, ByteBuffer block, boolean endStream) throws Http2Error {
        Hpack.Decoded h;
        try {
            h = hpack.decode(streamId, block);
        } catch (Hpack.HpackException e) {
            if (!e.streamOnly) {
                throw Http2Error.connection(e.code, e.getMessage());
            }
            if (existing(streamId, "HEADERS") != null) {
                throw Http2Error.stream(streamId, e.code, e.getMessage());
            }
            return;
        }
        H2Stream s = existing(streamId, "HEADERS");
        if (s == null) {
            return;
        }
        if (s.headDelivered) {
            if (!endStream) {
                throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "trailers on stream " + streamId
                        + " do not end it");
            }
            if (h.status() >= 0 || h.hasRequestPseudoHeaders()) {
                throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "pseudo-header fields in the trailers of stream "
                        + streamId);
            }
            s.exchange.receiveTrailers(h.fields());
            if (byExchange.get(s.exchange) == s) {
                endOfResponse(s);
            }
            return;
        }
        if (h.hasRequestPseudoHeaders() || h.status() < 100) {
            throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "response on stream " + streamId
                    + (h.status() < 0 ? " has no :status" : h.status() == 0 ? " has a malformed :status"
                    : " carries request pseudo-header fields"));
        }
        if (h.status() < 200) {
            if (h.status() == 101 || endStream) {
                throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "interim response " + h.status()
                        + " on stream " + streamId + (endStream ? " ends the stream" : " (101 is not allowed in HTTP/2)"));
            }
            return;
        }
        String cl = h.fields().first("content-length").orElse(null);
        if (cl != null) {
            try {
                s.declaredLength = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "malformed content-length '" + cl
                        + "' on stream " + streamId);
            }
        }
        s.headDelivered = true;
        s.status = h.status();
        s.exchange.receiveHead(new ResponseHead("HTTP/2", h.status(), "", h.fields()));
        if (byExchange.get(s.exchange) != s) {
            return;
        }
        listener.onExchangeProgress(this, s.exchange, ExchangeProgress.RESPONSE_STARTED);
        if (endStream && byExchange.get(s.exchange) == s) {
            endOfResponse(s);
        }
    }

    private void onPriority(int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "PRIORITY on stream 0");
        }
        if (payload.remaining() != H2Wire.PRIORITY_LENGTH) {
            throw Http2Error.stream(streamId, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of " + payload.remaining()
                    + " bytes on stream " + streamId);
        }
    }

    private void onRstStream(int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId == 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on stream 0");
        }
        if (payload.remaining() != H2Wire.RST_STREAM_LENGTH) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "RST_STREAM of " + payload.remaining() + " bytes");
        }
        long code = payload.getInt(payload.position()) & 0xffff_ffffL;
        H2Stream s = existing(streamId, "RST_STREAM");
        if (s == null) {
            return;
        }
        forget(s);
        ReplayClass replay = code == ErrorCode.REFUSED_STREAM.code() ? ReplayClass.NOT_PROCESSED
                : s.headDelivered ? ReplayClass.NEVER : ReplayClass.IF_IDEMPOTENT;
        listener.onExchangeFailed(this, s.exchange, new H2Exception(H2Exception.Kind.STREAM_RESET_BY_PEER, code,
                "server reset stream " + streamId + " (" + ErrorCode.nameOf(code) + ")"
                        + (s.headDelivered ? " after the response started" : "")), replay);
        closeIfDrained();
    }

    private void onSettings(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId != 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS on stream " + streamId);
        }
        if ((flags & H2Wire.FLAG_ACK) != 0) {
            if (payload.hasRemaining()) {
                throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload of "
                        + payload.remaining() + " bytes");
            }
            return;
        }
        if (payload.remaining() % H2Wire.SETTING_LENGTH != 0) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS of " + payload.remaining()
                    + " bytes is not a whole number of settings");
        }
        int before = availableCapacity();
        boolean windowsGrew = false;
        while (payload.hasRemaining()) {
            int id = payload.getShort() & 0xffff;
            long value = payload.getInt() & 0xffff_ffffL;
            switch (id) {
                case H2Wire.SETTINGS_HEADER_TABLE_SIZE -> {
                    try {
                        hpack.peerHeaderTableSize(value);
                    } catch (Hpack.HpackException e) {
                        throw Http2Error.connection(e.code, e.getMessage());
                    }
                }
                case H2Wire.SETTINGS_ENABLE_PUSH -> {
                    if (value != 0) {
                        throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "server sent SETTINGS_ENABLE_PUSH " + value);
                    }
                }
                case H2Wire.SETTINGS_MAX_CONCURRENT_STREAMS -> peerMaxConcurrent = value;
                case H2Wire.SETTINGS_INITIAL_WINDOW_SIZE -> {
                    if (value > H2Wire.MAX_WINDOW) {
                        throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value
                                + " exceeds 2^31-1");
                    }
                    long delta = value - peerInitialWindow;
                    for (H2Stream s : streams.values()) {
                        if (s.sendWindow + delta > H2Wire.MAX_WINDOW) {
                            throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE "
                                    + value + " overflows the window of stream " + s.id);
                        }
                        s.sendWindow += delta;
                    }
                    windowsGrew |= delta > 0;
                    peerInitialWindow = (int) value;
                }
                case H2Wire.SETTINGS_MAX_FRAME_SIZE -> {
                    if (value < H2Wire.DEFAULT_MAX_FRAME_SIZE || value > H2Wire.MAX_MAX_FRAME_SIZE) {
                        throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value
                                + " is outside 16384..16777215");
                    }
                    peerMaxFrameSize = (int) value;
                }
                default -> {
                    // SETTINGS_MAX_HEADER_LIST_SIZE is advisory; unknown settings are ignored (RFC 9113 §6.5.2)
                }
            }
        }
        writer.settingsAck();
        if (!ready) {
            ready = true;
            flush();
            listener.onReady(this);
        } else if (availableCapacity() != before) {
            listener.onCapacityChanged(this);
        }
        if (windowsGrew) {
            pumpBodies();
        }
    }

    private void onPing(int flags, int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId != 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "PING on stream " + streamId);
        }
        if (payload.remaining() != H2Wire.PING_LENGTH) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "PING of " + payload.remaining() + " bytes");
        }
        long opaque = payload.getLong(payload.position());
        if ((flags & H2Wire.FLAG_ACK) == 0) {
            writer.ping(true, opaque);
        } else if (pingOutstanding && opaque == pingPayload) {
            pingOutstanding = false;
            if (pingDeadline != null) {
                pingDeadline.cancel();
                pingDeadline = null;
            }
        }
    }

    private void onGoAway(int streamId, ByteBuffer payload) throws Http2Error {
        if (streamId != 0) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "GOAWAY on stream " + streamId);
        }
        if (payload.remaining() < H2Wire.GOAWAY_MIN_LENGTH) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY of " + payload.remaining() + " bytes");
        }
        int last = payload.getInt() & H2Wire.STREAM_ID_MASK;
        long code = payload.getInt() & 0xffff_ffffL;
        String debug = StandardCharsets.UTF_8.decode(payload).toString();
        goAwayLastStreamId = Math.min(goAwayLastStreamId, last);
        LOG.debug("{}: GOAWAY last-stream-id {} {} {}", link.peer(), last, ErrorCode.nameOf(code), debug);
        stopAccepting();
        List<H2Stream> unprocessed = new ArrayList<>();
        for (H2Stream s : streams.values()) {
            if (s.id > goAwayLastStreamId) {
                unprocessed.add(s);
            }
        }
        unprocessed.sort((a, b) -> Integer.compare(a.id, b.id));
        for (H2Stream s : unprocessed) {
            forget(s);
            listener.onExchangeFailed(this, s.exchange, new H2Exception(H2Exception.Kind.GOAWAY_RECEIVED, code,
                    "stream " + s.id + " was not processed: the server sent GOAWAY with last-stream-id " + last
                            + " (" + ErrorCode.nameOf(code) + (debug.isEmpty() ? "" : ": " + debug) + ")"),
                    ReplayClass.NOT_PROCESSED);
        }
        closeIfDrained();
    }

    private void onWindowUpdate(int streamId, ByteBuffer payload) throws Http2Error {
        if (payload.remaining() != H2Wire.WINDOW_UPDATE_LENGTH) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "WINDOW_UPDATE of " + payload.remaining() + " bytes");
        }
        int increment = payload.getInt(payload.position()) & H2Wire.STREAM_ID_MASK;
        if (streamId == 0) {
            if (increment == 0) {
                throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on the connection");
            }
            connectionSendWindow += increment;
            if (connectionSendWindow > H2Wire.MAX_WINDOW) {
                throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE overflows the connection window");
            }
        } else {
            H2Stream s = existing(streamId, "WINDOW_UPDATE");
            if (s == null) {
                return;
            }
            if (increment == 0) {
                throw Http2Error.stream(streamId, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on stream " + streamId);
            }
            s.sendWindow += increment;
            if (s.sendWindow > H2Wire.MAX_WINDOW) {
                throw Http2Error.stream(streamId, ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE overflows the window of stream "
                        + streamId);
            }
        }
        pumpBodies();
    }

    /**
     * The open stream {@code streamId}, or {@code null} for one that was closed (frames may still
     * arrive for it and are ignored). A stream this side never opened is a connection error.
     */
    private H2Stream existing(int streamId, String frame) throws Http2Error {
        H2Stream s = streams.get(streamId);
        if (s == null && ((streamId & 1) == 0 || streamId > lastStreamId)) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, frame + " on idle stream " + streamId);
        }
        return s;
    }

    private static ByteBuffer unpad(int flags, ByteBuffer payload, String frame, int streamId) throws Http2Error {
        if ((flags & H2Wire.FLAG_PADDED) == 0) {
            return payload;
        }
        if (!payload.hasRemaining()) {
            throw Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "padded " + frame + " on stream " + streamId
                    + " has no pad length");
        }
        int pad = payload.get() & 0xff;
        if (pad > payload.remaining()) {
            throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, frame + " on stream " + streamId + " has " + pad
                    + " bytes of padding but only " + payload.remaining() + " bytes");
        }
        payload.limit(payload.limit() - pad);
        return payload;
    }

    private void returnConnectionCredit() {
        if (connectionUnacknowledged >= local.connectionWindowSize() / 2) {
            writer.windowUpdate(0, connectionUnacknowledged);
            connectionReceiveWindow += connectionUnacknowledged;
            connectionUnacknowledged = 0;
        }
    }

    // ---- stream outcomes ---------------------------------------------------------------------

    private void endOfResponse(H2Stream s) throws Http2Error {
        if (s.declaredLength >= 0 && s.received != s.declaredLength && !s.exchange.isHead()
                && s.status != 204 && s.status != 304) {
            throw Http2Error.stream(s.id, ErrorCode.PROTOCOL_ERROR, "stream " + s.id + " ended after " + s.received
                    + " bytes of its content-length " + s.declaredLength);
        }
        boolean uploadUnfinished = !s.requestSent;
        forget(s);
        if (uploadUnfinished && !closing) {
            writer.rstStream(s.id, ErrorCode.NO_ERROR);
        }
        listener.onExchangeCompleted(this, s.exchange);
        closeIfDrained();
    }

    private void streamError(Http2Error e) {
        H2Stream s = streams.get(e.streamId);
        LOG.warn("{}: stream {} reset: {}", link.peer(), e.streamId, e.getMessage());
        writer.rstStream(e.streamId, e.code);
        if (s == null) {
            return;
        }
        forget(s);
        listener.onExchangeFailed(this, s.exchange, new H2Exception(H2Exception.Kind.STREAM_ERROR, e.code.code(),
                e.getMessage()), ReplayClass.NEVER);
        closeIfDrained();
    }

    private void connectionError(Http2Error e) {
        if (closing || closed) {
            return;
        }
        LOG.warn("{}: HTTP/2 connection error {}, closing this connection: {}", link.peer(), e.code, e.getMessage());
        closing = true;
        accepting = false;
        reader.stop();
        writer.goAway(0, e.code, e.getMessage());
        flush();
        H2Exception cause = new H2Exception(H2Exception.Kind.CONNECTION_ERROR, e.code.code(),
                "HTTP/2 connection to " + link.peer() + " failed: " + e.code + ": " + e.getMessage());
        failAll(cause, cause);
        reportDraining();
        link.close();
    }

    /** Fails every bound exchange: those whose request never left as {@code NOT_PROCESSED}, the rest by how far they got. */
    private void failAll(Throwable cause, H2Exception protocolCause) {
        List<H2Stream> victims = new ArrayList<>(byExchange.values());
        victims.sort((a, b) -> Integer.compare(a.id, b.id));
        for (H2Stream s : victims) {
            forget(s);
            ReplayClass replay = !s.maybeProcessed() || s.id > goAwayLastStreamId ? ReplayClass.NOT_PROCESSED
                    : s.headDelivered ? ReplayClass.NEVER : ReplayClass.IF_IDEMPOTENT;
            Throwable why = cause;
            if (protocolCause == null && !(cause instanceof IOException)) {
                why = new IOException("HTTP/2 connection to " + link.peer() + " closed: " + cause, cause);
            }
            listener.onExchangeFailed(this, s.exchange, why, replay);
        }
    }

    private void forget(H2Stream s) {
        streams.remove(s.id);
        byExchange.remove(s.exchange);
        if (s.body != null) {
            s.body.cancel();
            sending.remove(s.body);
        }
    }

    private void stopAccepting() {
        accepting = false;
        reportDraining();
    }

    private void reportDraining() {
        if (!drainingReported) {
            drainingReported = true;
            listener.onDraining(this);
        }
    }

    private void closeIfDrained() {
        if (!accepting && !closing && !closed && byExchange.isEmpty()) {
            closing = true;
            flush();
            link.close();
        }
    }

    // ---- request bodies ----------------------------------------------------------------------

    /** A body has bytes (or its end) to send. */
    void bodyReady(RequestBodySender b) {
        if (byExchange.get(b.stream.exchange) != b.stream || closing || closed) {
            return;
        }
        if (!sending.contains(b)) {
            sending.addLast(b);
        }
        pumpBodies();
        scheduleFlush();
    }

    /** A body's publisher failed or broke its length: the request on the wire is broken. */
    void bodyFailed(RequestBodySender b, Throwable cause) {
        H2Stream s = b.stream;
        if (byExchange.get(s.exchange) != s || closing || closed) {
            return;
        }
        LOG.debug("{}: request body of {} failed: {}", link.peer(), s, cause.toString());
        forget(s);
        writer.rstStream(s.id, ErrorCode.CANCEL);
        scheduleFlush();
        listener.onExchangeFailed(this, s.exchange, cause, ReplayClass.NEVER);
        closeIfDrained();
    }

    /** Sends DATA for the bodies that have bytes, within the windows and while the link takes more. */
    private void pumpBodies() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            boolean progress = true;
            while (progress && !sending.isEmpty() && !closing && !closed) {
                progress = false;
                for (int i = sending.size(); i > 0 && !sending.isEmpty(); i--) {
                    if (!link.isWritable() || writer.pending() > FLUSH_THRESHOLD) {
                        flush();
                        if (!link.isWritable()) {
                            if (!waitingForWritable) {
                                waitingForWritable = true;
                                link.requestWrite();
                            }
                            return;
                        }
                    }
                    RequestBodySender b = sending.pollFirst();
                    progress |= sendSome(b);
                    if (b.stream.body == b && b.current() != null && !sending.contains(b)) {
                        sending.addLast(b);
                    }
                }
            }
        } finally {
            pumping = false;
        }
    }

    /** One DATA frame (or the END_STREAM) for one body; whether anything went out. */
    private boolean sendSome(RequestBodySender b) {
        H2Stream s = b.stream;
        boolean sent = false;
        ByteBuffer data = b.current();
        if (data != null) {
            int n = (int) Math.min(Math.min(data.remaining(), peerMaxFrameSize), Math.min(s.sendWindow, connectionSendWindow));
            if (n > 0) {
                s.sendWindow -= n;
                connectionSendWindow -= n;
                writer.data(s.id, data, n, false);
                b.sent();
                sent = true;
            }
        }
        if (b.finished() && s.body == b) {
            writer.data(s.id, ByteBuffer.allocate(0), 0, true);
            s.requestSent = true;
            s.body = null;
            listener.onExchangeProgress(this, s.exchange, ExchangeProgress.REQUEST_SENT);
            sent = true;
        }
        return sent;
    }

    // ---- writing -----------------------------------------------------------------------------

    private void scheduleFlush() {
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(() -> {
                flushQueued = false;
                flush();
            });
        }
    }

    private void flush() {
        if (!closed) {
            writer.drainTo(link::write);
        }
    }

    // ---- validity ----------------------------------------------------------------------------

    private void schedulePingCheck(long delayNanos) {
        pingTimer = loop.schedule(this::checkValidity, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkValidity() {
        pingTimer = null;
        if (closed || closing) {
            return;
        }
        long interval = local.pingInterval().toNanos();
        long quiet = loop.nanoTime() - lastFrameNanos;
        if (quiet < interval) {
            schedulePingCheck(interval - quiet);
            return;
        }
        if (!pingOutstanding) {
            pingOutstanding = true;
            pingPayload = loop.nanoTime();
            writer.ping(false, pingPayload);
            flush();
            pingDeadline = loop.schedule(this::pingUnanswered, local.pingTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        schedulePingCheck(interval);
    }

    private void pingUnanswered() {
        pingDeadline = null;
        if (closed || closing || !pingOutstanding) {
            return;
        }
        IOException cause = new IOException("HTTP/2 connection to " + link.peer() + " did not answer PING within "
                + local.pingTimeout().toMillis() + " ms");
        LOG.warn("{}: {}; closing it", link.peer(), cause.getMessage());
        stopAccepting();
        abort(cause);
    }

    private void cancelPingTimers() {
        if (pingTimer != null) {
            pingTimer.cancel();
            pingTimer = null;
        }
        if (pingDeadline != null) {
            pingDeadline.cancel();
            pingDeadline = null;
        }
    }

    @Override
    public String toString() {
        return "h2(" + link.peer() + ", " + byExchange.size() + " streams)";
    }
}
