package dev.strand.protocol.ws.internal;

import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ExchangeProgress;
import dev.strand.api.protocol.ProtocolSession;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.protocol.SessionListener;
import dev.strand.api.transport.Link;
import dev.strand.http.HttpHeaders;
import dev.strand.http.MalformedMessageException;
import dev.strand.http.ResponseHead;
import dev.strand.protocol.h1.H1Limits;
import dev.strand.protocol.h1.ResponseParser;
import dev.strand.protocol.ws.WebSocketHandshakeException;
import dev.strand.protocol.ws.WsWire;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client connection as the connection engine sees it: a session with room for one
 * exchange, the {@link UpgradeExchange}. Binding it writes the upgrade request; the response is
 * read with h1's RFC 9112 {@link ResponseParser} (interim 1xx skipped, header limits, bodies of
 * refusals by their framing). A {@code 101} that passes the checks turns the link into a
 * {@link WsConnection}, the exchange completes, and the bytes after the head are frames. Any
 * other answer fails the exchange with a {@link WebSocketHandshakeException} carrying the status
 * and the start of the body, and the link closes.
 *
 * <p>Replay classes: the link ending before any response is {@link ReplayClass#IF_IDEMPOTENT}
 * (the upgrade is a GET); once a response head arrived it is {@link ReplayClass#NEVER}.
 * Confined to the link's loop.
 */
final class WsSession implements ProtocolSession, ResponseParser.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);
    private static final int BODY_EXCERPT_BYTES = 200;

    private enum State { IDLE, HANDSHAKING, OPEN, CLOSED }

    private final Link link;
    private final SessionListener listener;
    private final SecureRandom random;
    private final ResponseParser parser = new ResponseParser(H1Limits.DEFAULT);

    private State state = State.IDLE;
    private boolean draining;
    private UpgradeExchange exchange;
    private ClientHandshake handshake;
    private ResponseHead refusal;
    private final byte[] excerpt = new byte[BODY_EXCERPT_BYTES];
    private int excerptLength;
    private WsConnection connection;

    WsSession(Link link, SessionListener listener, SecureRandom random) {
        this.link = link;
        this.listener = listener;
        this.random = random;
    }

    // ---- ProtocolSession ---------------------------------------------------------------------

    @Override
    public boolean isReady() {
        return state != State.CLOSED;
    }

    @Override
    public int availableCapacity() {
        return acceptsNewExchanges() ? 1 : 0;
    }

    @Override
    public boolean acceptsNewExchanges() {
        return state == State.IDLE && !draining;
    }

    @Override
    public int activeExchanges() {
        return state == State.HANDSHAKING ? 1 : 0;
    }

    @Override
    public void bind(Exchange e) {
        if (!(e instanceof UpgradeExchange upgrade)) {
            throw new IllegalArgumentException("ws carries WebSocket upgrades, not " + e.getClass().getName());
        }
        if (!acceptsNewExchanges()) {
            throw new IllegalStateException("WebSocket connection to " + link.peer() + " takes no new exchanges");
        }
        exchange = upgrade;
        state = State.HANDSHAKING;
        handshake = new ClientHandshake(random, upgrade.options.subprotocols());
        parser.start(false);
        link.write(handshake.request(upgrade.target, upgrade.authority, upgrade.options.headers()));
        listener.onExchangeProgress(this, upgrade, ExchangeProgress.REQUEST_SENT);
    }

    @Override
    public void cancel(Exchange e) {
        if (e == exchange && state == State.HANDSHAKING) {
            exchange = null;
            closeNow(new IOException("WebSocket handshake to " + link.peer() + " cancelled"));
        }
    }

    @Override
    public void shutdown() {
        draining = true;
        listener.onDraining(this);
        switch (state) {
            case IDLE -> link.close();
            case OPEN -> {
                if (connection.isOpen()) {
                    connection.close(WsWire.CLOSE_GOING_AWAY, "");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void abort(Throwable cause) {
        if (state == State.OPEN) {
            connection.abortWith(cause);
        } else {
            closeNow(cause);
        }
    }

    // ---- link events -------------------------------------------------------------------------

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (state == State.HANDSHAKING) {
            try {
                parser.parse(data, this);
            } catch (MalformedMessageException e) {
                LOG.warn("{}: malformed WebSocket handshake response, closing this connection: {}", link.peer(),
                        e.getMessage());
                failExchange(e);
                closeNow(e);
                return;
            }
        }
        if (state == State.OPEN) {
            connection.onRead(data);
        } else {
            data.position(data.limit());
        }
    }

    @Override
    public void onWritable(Link l) {
        if (state == State.OPEN) {
            connection.onWritable();
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        if (was == State.HANDSHAKING && cause == null && refusal != null) {
            parser.endOfInput(this);
        }
        state = State.CLOSED;
        parser.halt();
        if (was == State.OPEN) {
            connection.onLinkClosed(cause);
        } else if (exchange != null) {
            Throwable why = cause != null ? cause : new EOFException("connection to " + link.peer()
                    + " closed before the WebSocket handshake response " + (parser.started() ? "was complete" : "started"));
            UpgradeExchange e = exchange;
            exchange = null;
            listener.onExchangeFailed(this, e, why, refusal != null ? ReplayClass.NEVER : ReplayClass.IF_IDEMPOTENT);
        }
        listener.onClosed(this, cause);
    }

    // ---- handshake response ------------------------------------------------------------------

    @Override
    public void onHead(ResponseHead head) {
        listener.onExchangeProgress(this, exchange, ExchangeProgress.RESPONSE_STARTED);
        if (head.status() != WsWire.STATUS_SWITCHING_PROTOCOLS) {
            refusal = head;
            return;
        }
        Optional<String> subprotocol;
        try {
            subprotocol = handshake.validate(head);
        } catch (WebSocketHandshakeException e) {
            LOG.warn("{}: WebSocket handshake refused: {}", link.peer(), e.getMessage());
            failExchange(e);
            closeNow(e);
            return;
        }
        parser.halt();
        UpgradeExchange e = exchange;
        exchange = null;
        connection = new WsConnection(link, Role.CLIENT, e.options, e.listener, subprotocol, random);
        e.upgraded(connection);
        state = State.OPEN;
        connection.start();
        listener.onExchangeCompleted(this, e);
    }

    @Override
    public void onBody(ByteBuffer chunk) {
        int n = Math.min(chunk.remaining(), excerpt.length - excerptLength);
        chunk.get(excerpt, excerptLength, n);
        excerptLength += n;
        listener.onExchangeProgress(this, exchange, ExchangeProgress.RESPONSE_DATA);
    }

    @Override
    public void onTrailers(HttpHeaders trailers) {
    }

    @Override
    public void onComplete(boolean reusable) {
        if (refusal == null || exchange == null) {
            return;
        }
        String body = ClientHandshake.excerpt(excerpt, excerptLength);
        WebSocketHandshakeException e = new WebSocketHandshakeException(refusal.status(), body,
                "server answered the WebSocket upgrade with " + refusal.status() + " " + refusal.reason()
                        + (body.isEmpty() ? "" : ": " + body));
        LOG.info("{}: {}", link.peer(), e.getMessage());
        failExchange(e);
        closeNow(e);
    }

    private void failExchange(Throwable cause) {
        UpgradeExchange e = exchange;
        exchange = null;
        if (e != null) {
            listener.onExchangeFailed(this, e, cause, ReplayClass.NEVER);
        }
    }

    private void closeNow(Throwable cause) {
        parser.halt();
        link.abort(cause);
    }

    @Override
    public String toString() {
        return "ws(" + link.peer() + ", " + state + ")";
    }
}
