package dev.strand.protocol.h2;

import dev.strand.api.Loop;
import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ExchangeProgress;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import dev.strand.http.HttpExchange;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 client connection as the connection engine sees it (RFC 9113): binds exchanges as
 * streams, reports to the engine, and decides how streams and the connection end. The work is
 * done by its parts: {@link InboundFrames} (every frame from the server, with
 * {@link ResponseHeaders} and {@link PeerSettings}), {@link StreamTable}, {@link FlowWindows},
 * {@link BodyPump} (request bodies), {@link FrameOutput} (frames to the link) and
 * {@link PingCheck}.
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
final class H2Session implements ProtocolSession {

    private static final Logger LOG = LoggerFactory.getLogger(H2Session.class);

    private final Link link;
    private final Loop loop;
    private final SessionListener listener;
    private final H2Settings local;
    private final FrameReader reader;
    private final FrameOutput out;
    private final FrameWriter writer;
    private final Hpack hpack;
    private final StreamTable streams = new StreamTable();
    private final FlowWindows windows;
    private final PeerSettings peer;
    private final BodyPump bodies;
    private final PingCheck ping;
    private final InboundFrames inbound;

    private boolean ready;
    private boolean accepting = true;
    private boolean drainingReported;
    private boolean closing;
    private boolean closed;
    private int goAwayLastStreamId = Integer.MAX_VALUE;

    H2Session(Link link, SessionListener listener, H2Settings settings) {
        this.link = link;
        this.loop = link.loop();
        this.listener = listener;
        this.local = settings;
        this.reader = new FrameReader(settings.maxFrameSize());
        this.out = new FrameOutput(link, () -> closed);
        this.writer = out.frames();
        this.hpack = new Hpack(settings.maxHeaderListSize());
        this.windows = new FlowWindows(settings, writer);
        this.peer = new PeerSettings(hpack, windows, streams);
        this.bodies = new BodyPump(this, link, out, windows);
        this.ping = new PingCheck(this, loop, out, settings);
        this.inbound = new InboundFrames(this, streams, windows, peer, new ResponseHeaders(this, streams, hpack, settings),
                ping, writer);
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
        out.flush();
        ping.start();
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
        long limit = Math.min(peer.maxConcurrentStreams(), local.maxConcurrentStreams());
        return (int) Math.max(0, Math.min(limit - streams.size(), streams.identifiersLeft()));
    }

    @Override
    public boolean acceptsNewExchanges() {
        return accepting && !closing && !closed;
    }

    @Override
    public int activeExchanges() {
        return streams.size();
    }

    @Override
    public void bind(Exchange exchange) {
        if (!(exchange instanceof HttpExchange http)) {
            throw new IllegalArgumentException("h2 carries HTTP exchanges, not " + exchange.getClass().getName());
        }
        if (availableCapacity() <= 0) {
            throw new IllegalStateException("connection to " + link.peer() + " has no stream free");
        }
        H2Stream s = streams.create(http);
        windows.open(s);
        ByteBuffer block;
        try {
            block = hpack.encodeRequest(s.id, RequestHeaders.pseudo(http.request()), RequestHeaders.fields(http.request()));
        } catch (Hpack.HpackException e) {
            connectionError(Http2Error.connection(ErrorCode.INTERNAL_ERROR, e.getMessage()));
            throw new IllegalStateException(e.getMessage(), e);
        }
        streams.add(s);
        http.readControl(on -> pace(s, on));
        long length = http.request().body().contentLength();
        boolean bodiless = length == 0;
        writer.headers(s.id, block, bodiless, peer.maxFrameSize());
        s.headersSent = true;
        if (bodiless) {
            requestSent(s);
        } else {
            s.body = new RequestBodySender(this, s, loop, length);
            http.request().body().subscribe(s.body);
        }
        out.flushSoon();
    }

    @Override
    public void cancel(Exchange exchange) {
        H2Stream s = streams.of(exchange);
        if (s == null) {
            return;
        }
        forget(s);
        if (!closed && !closing) {
            writer.rstStream(s.id, ErrorCode.CANCEL);
            out.flushSoon();
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
        out.flush();
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
        ping.peerSpoke();
        try {
            reader.read(data, inbound);
        } catch (Http2Error e) {
            connectionError(e);
        }
        out.flush();
    }

    @Override
    public void onWritable(Link l) {
        bodies.writable();
        out.flush();
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        accepting = false;
        reader.stop();
        ping.stop();
        Throwable why = cause != null ? cause : new EOFException("connection to " + link.peer() + " closed"
                + (goAwayLastStreamId != Integer.MAX_VALUE ? " after GOAWAY" : ""));
        failAll(why, null);
        listener.onClosed(this, cause);
    }

    // ---- what the parts report ---------------------------------------------------------------

    /** Whether neither side has begun to close the connection. */
    boolean isOpen() {
        return !closing && !closed;
    }

    /** Whether the server's first SETTINGS have arrived. */
    boolean sawPeerSettings() {
        return ready;
    }

    String peer() {
        return link.peer();
    }

    int peerMaxFrameSize() {
        return peer.maxFrameSize();
    }

    /** A SETTINGS frame was applied and acknowledged; {@code before} is the capacity before it. */
    void settingsApplied(int before, boolean windowsGrew) {
        if (!ready) {
            ready = true;
            out.flush();
            listener.onReady(this);
        } else if (availableCapacity() != before) {
            listener.onCapacityChanged(this);
        }
        if (windowsGrew) {
            bodies.pump();
        }
    }

    /** A WINDOW_UPDATE made room: bodies may go on. */
    void windowsGrew() {
        bodies.pump();
    }

    /** The whole request of {@code s} is on the wire. */
    void requestSent(H2Stream s) {
        s.requestSent = true;
        listener.onExchangeProgress(this, s.exchange, ExchangeProgress.REQUEST_SENT);
    }

    void responseStarted(H2Stream s) {
        listener.onExchangeProgress(this, s.exchange, ExchangeProgress.RESPONSE_STARTED);
    }

    void responseData(H2Stream s) {
        listener.onExchangeProgress(this, s.exchange, ExchangeProgress.RESPONSE_DATA);
    }

    /** The exchange's owner paused or resumed its response: withhold or give back the stream's window. */
    private void pace(H2Stream s, boolean on) {
        if (closed || closing || !streams.isOpen(s)) {
            return;
        }
        s.paused = !on;
        if (on && s.unacknowledged > 0) {
            windows.giveBack(s);
            out.flushSoon();
        }
    }

    /** A body has bytes (or its end) to send. */
    void bodyReady(RequestBodySender b) {
        if (!streams.isOpen(b.stream) || closing || closed) {
            return;
        }
        bodies.ready(b);
        out.flushSoon();
    }

    /** A body's publisher failed or broke its length: the request on the wire is broken. */
    void bodyFailed(RequestBodySender b, Throwable cause) {
        H2Stream s = b.stream;
        if (!streams.isOpen(s) || closing || closed) {
            return;
        }
        LOG.debug("{}: request body of {} failed: {}", link.peer(), s, cause.toString());
        forget(s);
        writer.rstStream(s.id, ErrorCode.CANCEL);
        out.flushSoon();
        listener.onExchangeFailed(this, s.exchange, cause, ReplayClass.NEVER);
        closeIfDrained();
    }

    /** A PING went unanswered: the connection is gone. */
    void pingUnanswered(IOException cause) {
        LOG.warn("{}: {}; closing it", link.peer(), cause.getMessage());
        stopAccepting();
        abort(cause);
    }

    // ---- how streams end ---------------------------------------------------------------------

    /** The response of {@code s} ended with its last frame. */
    void endOfResponse(H2Stream s) throws Http2Error {
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

    /** The server reset {@code s} with {@code code}. */
    void resetByPeer(H2Stream s, long code) {
        forget(s);
        ReplayClass replay = code == ErrorCode.REFUSED_STREAM.code() ? ReplayClass.NOT_PROCESSED
                : s.headDelivered ? ReplayClass.NEVER : ReplayClass.IF_IDEMPOTENT;
        listener.onExchangeFailed(this, s.exchange, new H2Exception(H2Exception.Kind.STREAM_RESET_BY_PEER, code,
                "server reset stream " + s.id + " (" + ErrorCode.nameOf(code) + ")"
                        + (s.headDelivered ? " after the response started" : "")), replay);
        closeIfDrained();
    }

    /** A malformed frame or response on one stream: reset it, fail its exchange. */
    void streamError(Http2Error e) {
        H2Stream s = streams.byId(e.streamId);
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

    // ---- how the connection ends -------------------------------------------------------------

    /** GOAWAY: no new streams; those above {@code last} were not processed and go elsewhere. */
    void goAwayReceived(int last, long code, String debug) {
        goAwayLastStreamId = Math.min(goAwayLastStreamId, last);
        LOG.debug("{}: GOAWAY last-stream-id {} {} {}", link.peer(), last, ErrorCode.nameOf(code), debug);
        stopAccepting();
        for (H2Stream s : streams.above(goAwayLastStreamId)) {
            forget(s);
            listener.onExchangeFailed(this, s.exchange, new H2Exception(H2Exception.Kind.GOAWAY_RECEIVED, code,
                    "stream " + s.id + " was not processed: the server sent GOAWAY with last-stream-id " + last
                            + " (" + ErrorCode.nameOf(code) + (debug.isEmpty() ? "" : ": " + debug) + ")"),
                    ReplayClass.NOT_PROCESSED);
        }
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
        out.flush();
        H2Exception cause = new H2Exception(H2Exception.Kind.CONNECTION_ERROR, e.code.code(),
                "HTTP/2 connection to " + link.peer() + " failed: " + e.code + ": " + e.getMessage());
        failAll(cause, cause);
        reportDraining();
        link.close();
    }

    /** Fails every bound exchange: those whose request never left as {@code NOT_PROCESSED}, the rest by how far they got. */
    private void failAll(Throwable cause, H2Exception protocolCause) {
        for (H2Stream s : streams.inIdOrder()) {
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
        streams.remove(s);
        if (s.body != null) {
            s.body.cancel();
            bodies.forget(s.body);
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
        if (!accepting && !closing && !closed && streams.isEmpty()) {
            closing = true;
            out.flush();
            link.close();
        }
    }

    @Override
    public String toString() {
        return "h2(" + link.peer() + ", " + streams.size() + " streams)";
    }
}
