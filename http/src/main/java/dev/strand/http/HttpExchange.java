package dev.strand.http;

import dev.strand.api.protocol.Exchange;
import dev.strand.core.net.engine.ConnectionInfo;
import dev.strand.core.net.engine.ExchangeHandle;
import dev.strand.core.net.engine.ExchangeObserver;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP request/response exchange: what the HTTP protocols (h1, h2) bind, and the owner the
 * connection engine reports to. Protocols read the {@link #request()} and feed the response in
 * with {@link #receiveHead}, {@link #receiveBody} and {@link #receiveTrailers}; the engine tells
 * it which connection carries it and how it ended. Everything reaches the user's
 * {@link ResponseHandler} in order, with exactly one terminal call.
 *
 * <p>The owner paces the response body with {@link #setReading}; the protocol carrying the
 * exchange applies it to the peer (see {@link ReadControl}).
 *
 * <p>Confined to the engine's loop. Its identity is the user's handle: it does not change when
 * the exchange moves to another connection.
 */
public final class HttpExchange implements Exchange, ExchangeObserver {

    private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);

    private final HttpRequest request;
    private final ResponseHandler handler;
    private final int pipelineDepth;
    private ExchangeHandle handle;
    private ConnectionInfo connection;
    private Throwable handlerFailure;
    private boolean finished;
    private ReadControl readControl;
    private boolean readingPaused;

    /**
     * @param pipelineDepth how many idempotent exchanges an HTTP/1.1 connection may carry at once
     *                      when this one is among them; 1 turns pipelining off
     */
    public HttpExchange(HttpRequest request, ResponseHandler handler, int pipelineDepth) {
        this.request = Objects.requireNonNull(request, "request");
        this.handler = Objects.requireNonNull(handler, "handler");
        if (pipelineDepth < 1) {
            throw new IllegalArgumentException("pipeline depth must be at least 1, not " + pipelineDepth);
        }
        this.pipelineDepth = pipelineDepth;
    }

    public HttpRequest request() {
        return request;
    }

    /** Whether the request is a HEAD: its response has no body whatever its headers say. */
    public boolean isHead() {
        return request.method().equals("HEAD");
    }

    /** The pipelining depth this exchange allows: 1 unless pipelining is on and it is idempotent. */
    public int pipelineDepth() {
        return idempotent() ? pipelineDepth : 1;
    }

    @Override
    public boolean idempotent() {
        return request.idempotent();
    }

    /** The connection that carries (or last carried) the exchange, if it was ever bound. */
    public ConnectionInfo connection() {
        return connection;
    }

    /** Lets the exchange cancel itself when its handler throws. */
    void attach(ExchangeHandle h) {
        this.handle = h;
    }

    /**
     * Pauses ({@code false}) or resumes ({@code true}) delivery of the response: the protocol stops
     * reading from its peer for this exchange until resumed (a few bytes already read may still
     * arrive). A pause made before a protocol carries the exchange applies once one does.
     */
    public void setReading(boolean on) {
        readingPaused = !on;
        if (readControl != null) {
            readControl.setReading(on);
        }
    }

    // ---- from the protocol -------------------------------------------------------------------

    /**
     * The protocol carrying the exchange says how its owner's {@link #setReading} reaches the peer;
     * a pause already asked for is applied at once.
     */
    public void readControl(ReadControl control) {
        this.readControl = control;
        if (control != null && readingPaused) {
            control.setReading(false);
        }
    }

    /** The final response head arrived. */
    public void receiveHead(ResponseHead head) {
        if (!finished && handlerFailure == null) {
            guard(() -> handler.onHead(head, connection));
        }
    }

    /** A piece of the response body; valid only during this call. */
    public void receiveBody(ByteBuffer chunk) {
        if (!finished && handlerFailure == null) {
            guard(() -> handler.onBody(chunk));
        }
    }

    /** Trailer fields after the body. */
    public void receiveTrailers(HttpHeaders trailers) {
        if (!finished && handlerFailure == null && !trailers.isEmpty()) {
            guard(() -> handler.onTrailers(trailers));
        }
    }

    // ---- from the engine ---------------------------------------------------------------------

    @Override
    public void onBound(ConnectionInfo info) {
        this.connection = info;
    }

    @Override
    public void onCompleted() {
        if (finished) {
            return;
        }
        finished = true;
        if (handlerFailure != null) {
            handler.onError(handlerFailure);
        } else {
            handler.onComplete();
        }
    }

    @Override
    public void onFailed(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        handler.onError(handlerFailure != null ? handlerFailure : cause);
    }

    private void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: the response handler threw; failing this exchange only", request, e);
            handlerFailure = e;
            if (handle != null) {
                handle.cancel();
            }
        }
    }

    @Override
    public String toString() {
        return request.toString();
    }

    /**
     * How a protocol paces one exchange's response (h1: the connection stops reading while it is
     * the exchange being read; h2: the stream's window is no longer replenished). Called on the
     * exchange's loop; a call after the exchange ended does nothing.
     */
    @FunctionalInterface
    public interface ReadControl {
        void setReading(boolean on);
    }
}
