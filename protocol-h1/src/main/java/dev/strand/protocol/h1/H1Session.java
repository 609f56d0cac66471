package dev.strand.protocol.h1;

import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ExchangeProgress;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import dev.strand.http.HttpExchange;
import dev.strand.http.HttpHeaders;
import dev.strand.http.MalformedMessageException;
import dev.strand.http.ResponseHead;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 client connection as the connection engine sees it.
 *
 * <p><b>Queueing.</b> By default it carries one exchange at a time, and the engine binds the next
 * only after the previous one completed, so the next request's head is written only after the
 * previous response has been read entirely (lws's queue semantics, which keep POST bodies from
 * interleaving). With pipelining on ({@link HttpExchange#pipelineDepth()} above 1), once the
 * server has shown it keeps the connection alive, it takes up to that many idempotent exchanges
 * and writes their requests back to back; a non-idempotent exchange bound behind them waits
 * until it is first in line.
 *
 * <p><b>Keep-alive.</b> The connection stops taking exchanges after a response that ends it
 * ({@code Connection: close}, HTTP/1.0 without keep-alive, a body delimited by the end of the
 * connection, {@code Transfer-Encoding} with {@code Content-Length}), a request that asked to
 * close, a response that arrived before its request was fully sent, or any error.
 *
 * <p><b>Failures</b> are reported per exchange with a replay class: a request never written is
 * {@link ReplayClass#NOT_PROCESSED}, as are requests written after a response that ended the
 * connection (RFC 9112 §9.6); one written but without a response head yet is
 * {@link ReplayClass#IF_IDEMPOTENT} (the server may have acted on it: RFC 9112 §9.3.1 forbids
 * re-sending a non-idempotent request); one whose response head was delivered is
 * {@link ReplayClass#NEVER}. Malformed input fails the exchange it belongs to with a
 * {@link MalformedMessageException}, logs one WARN line naming the peer, and closes this
 * connection only.
 *
 * <p><b>Pacing.</b> An exchange's owner may pause its response ({@link HttpExchange#setReading});
 * the connection then stops reading until it resumes, and reads again once that exchange ends.
 *
 * <p>Confined to its link's loop.
 */
final class H1Session implements ProtocolSession, ResponseParser.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(H1Session.class);

    private final Link link;
    private final SessionListener listener;
    private final ResponseParser parser;
    private final ArrayDeque<ExchangeSlot> slots = new ArrayDeque<>();
    private ExchangeSlot reading;
    private ExchangeSlot pausedBy;
    private RequestBodyWriter writer;
    private boolean accepting = true;
    private boolean drainingReported;
    private boolean keepAliveConfirmed;
    private boolean closing;
    private boolean closed;

    H1Session(Link link, SessionListener listener, H1Limits limits) {
        this.link = link;
        this.listener = listener;
        this.parser = new ResponseParser(limits);
    }

    // ---- ProtocolSession ---------------------------------------------------------------------

    @Override
    public boolean isReady() {
        return !closed;
    }

    @Override
    public int availableCapacity() {
        if (!acceptsNewExchanges()) {
            return 0;
        }
        if (slots.isEmpty()) {
            return 1;
        }
        if (!keepAliveConfirmed) {
            return 0;
        }
        int depth = Integer.MAX_VALUE;
        for (ExchangeSlot s : slots) {
            depth = Math.min(depth, s.exchange.pipelineDepth());
        }
        return depth <= 1 ? 0 : Math.max(0, depth - slots.size());
    }

    @Override
    public boolean acceptsNewExchanges() {
        return accepting && !closing && !closed;
    }

    @Override
    public int activeExchanges() {
        return slots.size();
    }

    @Override
    public void bind(Exchange exchange) {
        if (!(exchange instanceof HttpExchange http)) {
            throw new IllegalArgumentException("h1 carries HTTP exchanges, not " + exchange.getClass().getName());
        }
        if (!acceptsNewExchanges()) {
            throw new IllegalStateException("connection to " + link.peer() + " takes no new exchanges");
        }
        ExchangeSlot slot = new ExchangeSlot(http);
        slots.addLast(slot);
        http.readControl(on -> pace(slot, on));
        pumpWrites();
    }

    @Override
    public void cancel(Exchange exchange) {
        ExchangeSlot s = find(exchange);
        if (s == null) {
            return;
        }
        slots.remove(s);
        unpause(s);
        if (!s.headWritten) {
            return;
        }
        if (reading == s) {
            reading = null;
        }
        closeNow(new IOException("connection to " + link.peer() + " closed to abandon a cancelled exchange"));
    }

    @Override
    public void shutdown() {
        stopAccepting();
        if (slots.isEmpty() && !closed) {
            link.close();
        }
    }

    @Override
    public void abort(Throwable cause) {
        closeNow(cause);
    }

    // ---- link events -------------------------------------------------------------------------

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (closed || closing) {
            return;
        }
        try {
            while (data.hasRemaining()) {
                if (reading == null) {
                    ExchangeSlot next = slots.peekFirst();
                    if (next == null || !next.headWritten) {
                        if (!accepting && slots.isEmpty()) {
                            return;
                        }
                        throw new MalformedMessageException(MalformedMessageException.Element.UNEXPECTED_DATA,
                                data.remaining() + " bytes arrived while no request was outstanding");
                    }
                    reading = next;
                    parser.start(next.exchange.isHead());
                }
                parser.parse(data, this);
                if (closed || closing) {
                    return;
                }
            }
        } catch (MalformedMessageException e) {
            protocolError(e);
        }
    }

    @Override
    public void onWritable(Link l) {
        if (writer != null) {
            writer.onWritable();
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (closed) {
            return;
        }
        if (cause == null && !closing && reading != null) {
            parser.endOfInput(this);
        }
        closed = true;
        accepting = false;
        parser.halt();
        stopWriter();
        Throwable why = cause != null ? cause : prematureEnd();
        failAll(List.copyOf(slots), why, false);
        slots.clear();
        reading = null;
        listener.onClosed(this, cause);
    }

    // ---- parser events -----------------------------------------------------------------------

    @Override
    public void onHead(ResponseHead head) {
        ExchangeSlot s = reading;
        s.headDelivered = true;
        s.exchange.receiveHead(head);
        listener.onExchangeProgress(this, s.exchange, ExchangeProgress.RESPONSE_STARTED);
    }

    @Override
    public void onBody(ByteBuffer chunk) {
        ExchangeSlot s = reading;
        if (s != null) {
            s.exchange.receiveBody(chunk);
            listener.onExchangeProgress(this, s.exchange, ExchangeProgress.RESPONSE_DATA);
        }
    }

    @Override
    public void onTrailers(HttpHeaders trailers) {
        ExchangeSlot s = reading;
        if (s != null) {
            s.exchange.receiveTrailers(trailers);
            listener.onExchangeProgress(this, s.exchange, ExchangeProgress.RESPONSE_DATA);
        }
    }

    @Override
    public void onComplete(boolean reusable) {
        ExchangeSlot s = reading;
        reading = null;
        if (s == null) {
            return;
        }
        slots.remove(s);
        unpause(s);
        boolean keep = reusable && !s.asksToClose;
        if (!s.requestSent) {
            keep = false;
            stopWriter();
        }
        if (keep) {
            keepAliveConfirmed = true;
        } else {
            stopAccepting();
        }
        listener.onExchangeCompleted(this, s.exchange);
        if (closed || closing) {
            return;
        }
        if (!keep) {
            failAll(List.copyOf(slots), new IOException("connection to " + link.peer()
                    + " is closing after a response that ended it; the request was not processed"), true);
            slots.clear();
            link.close();
            return;
        }
        if (!accepting && slots.isEmpty()) {
            link.close();
            return;
        }
        listener.onCapacityChanged(this);
        pumpWrites();
    }

    // ---- pacing ------------------------------------------------------------------------------

    private void pace(ExchangeSlot s, boolean on) {
        if (closed || closing || !slots.contains(s)) {
            return;
        }
        if (on) {
            unpause(s);
        } else if (pausedBy == null) {
            pausedBy = s;
            link.setReading(false);
        }
    }

    private void unpause(ExchangeSlot s) {
        if (pausedBy == s) {
            pausedBy = null;
            if (!closed) {
                link.setReading(true);
            }
        }
    }

    // ---- writing -----------------------------------------------------------------------------

    /** Starts the next request whose turn it is: the first in line, or a pipelined one behind fully sent ones. */
    private void pumpWrites() {
        if (closed || closing || writer != null) {
            return;
        }
        boolean pipelinable = true;
        int index = 0;
        for (ExchangeSlot s : List.copyOf(slots)) {
            if (!s.requestSent) {
                if (s.headWritten) {
                    return;
                }
                boolean mayStart = index == 0 || (keepAliveConfirmed && accepting && pipelinable
                        && s.exchange.pipelineDepth() > 1);
                if (!mayStart) {
                    return;
                }
                startRequest(s);
                if (closed || closing || writer != null) {
                    return;
                }
            }
            pipelinable &= s.exchange.pipelineDepth() > 1;
            index++;
        }
    }

    private void startRequest(ExchangeSlot s) {
        s.headWritten = true;
        var request = s.exchange.request();
        s.asksToClose = RequestEncoder.asksToClose(request);
        if (s.asksToClose) {
            stopAccepting();
        }
        link.write(RequestEncoder.head(request));
        if (request.body().contentLength() == 0) {
            requestSent(s);
            return;
        }
        writer = new RequestBodyWriter(this, s, request.body().contentLength());
        request.body().subscribe(writer);
    }

    void requestSent(ExchangeSlot s) {
        s.requestSent = true;
        listener.onExchangeProgress(this, s.exchange, ExchangeProgress.REQUEST_SENT);
    }

    /** Called by the body writer on the loop when its body is fully written. */
    void bodyWritten(RequestBodyWriter w) {
        if (writer != w) {
            return;
        }
        writer = null;
        requestSent(w.slot);
        pumpWrites();
    }

    /** Called by the body writer on the loop when the body could not be written: the request on the wire is broken. */
    void bodyFailed(RequestBodyWriter w, Throwable cause) {
        if (writer != w || closed || closing) {
            return;
        }
        writer = null;
        ExchangeSlot s = w.slot;
        LOG.debug("{}: request body of {} failed: {}", link.peer(), s.exchange, cause.toString());
        slots.remove(s);
        if (reading == s) {
            reading = null;
        }
        listener.onExchangeFailed(this, s.exchange, cause, ReplayClass.NEVER);
        closeNow(new IOException("connection to " + link.peer() + " closed after a broken request body", cause));
    }

    Link link() {
        return link;
    }

    boolean isCurrentWriter(RequestBodyWriter w) {
        return writer == w && !closed && !closing;
    }

    // ---- teardown ----------------------------------------------------------------------------

    private void protocolError(MalformedMessageException e) {
        LOG.warn("{}: malformed response, closing this connection: {}", link.peer(), e.getMessage());
        ExchangeSlot culprit = reading;
        closing = true;
        accepting = false;
        parser.halt();
        stopWriter();
        if (culprit != null) {
            slots.remove(culprit);
            reading = null;
            listener.onExchangeFailed(this, culprit.exchange, e, ReplayClass.NEVER);
        }
        link.abort(e);
    }

    private void closeNow(Throwable cause) {
        if (closed || closing) {
            return;
        }
        closing = true;
        accepting = false;
        parser.halt();
        stopWriter();
        link.abort(cause);
    }

    private void failAll(List<ExchangeSlot> victims, Throwable cause, boolean notProcessed) {
        for (ExchangeSlot s : victims) {
            ReplayClass replay = notProcessed || !s.headWritten ? ReplayClass.NOT_PROCESSED
                    : s.headDelivered ? ReplayClass.NEVER : ReplayClass.IF_IDEMPOTENT;
            listener.onExchangeFailed(this, s.exchange, cause, replay);
        }
    }

    private void stopAccepting() {
        accepting = false;
        if (!drainingReported) {
            drainingReported = true;
            listener.onDraining(this);
        }
    }

    private void stopWriter() {
        if (writer != null) {
            writer.cancel();
            writer = null;
        }
    }

    private IOException prematureEnd() {
        ExchangeSlot s = slots.peekFirst();
        if (s == null) {
            return new EOFException("connection to " + link.peer() + " closed");
        }
        return new EOFException("connection to " + link.peer() + " closed before the response "
                + (reading != null && parser.started() ? "was complete" : "started"));
    }

    private ExchangeSlot find(Exchange exchange) {
        for (ExchangeSlot s : slots) {
            if (s.exchange == exchange) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "h1(" + link.peer() + ", " + slots.size() + " bound)";
    }
}
