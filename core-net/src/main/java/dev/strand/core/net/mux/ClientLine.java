package dev.strand.core.net.mux;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.retry.Backoff;
import dev.strand.core.net.retry.RetryPolicy;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one inner endpoint: one client {@link Session} shared by every channel
 * opened towards it, and the underlying link under it, connected on the first request and
 * reconnected with backoff whenever it closes or fails to connect, until the transport closes.
 * Confined to the session's loop, except {@link #open} and {@link #close}, which hand over to it.
 */
final class ClientLine implements Session.Observer {

    /** Delays between attempts to (re)connect the underlying link; retries for ever. */
    static final RetryPolicy RECONNECT = RetryPolicy.of("mux-reconnect", RetryPolicy.CONCEAL_FOREVER, 500, 1000, 2000, 5000);

    private static final Logger LOG = LoggerFactory.getLogger(ClientLine.class);

    private final TransportOps innerTransport;
    private final Endpoint innerEndpoint;
    private final ConnectOptions options;
    private final Session session;
    private final Backoff backoff = new Backoff(RECONNECT, new SplittableRandom());
    private Loop.Scheduled attempt;
    private Loop.Scheduled retry;
    private boolean connecting;
    private boolean closed;

    ClientLine(TransportOps innerTransport, Endpoint innerEndpoint, MuxSettings settings, ConnectOptions options,
               Loop loop) {
        this.innerTransport = innerTransport;
        this.innerEndpoint = innerEndpoint;
        this.options = options;
        this.session = Session.client(loop, settings, this, innerEndpoint.toString());
    }

    Session session() {
        return session;
    }

    /** Asks for a channel; callable from any thread. */
    Loop.Scheduled open(LinkHandler handler, ConnectOptions connectOptions) {
        OpenRequest r = session.newRequest(handler);
        session.loop().execute(() -> {
            if (closed) {
                r.failed(new MuxLinkDownException("mux transport closed"));
                return;
            }
            session.submit(r, connectOptions.connectTimeout());
            if (!session.hasLink() && !connecting && retry == null) {
                connect();
            }
        });
        return r;
    }

    /** Stops reconnecting and closes the underlying link; callable from any thread. */
    void close() {
        session.loop().execute(() -> {
            closed = true;
            cancel(retry);
            cancel(attempt);
            session.shutdown("mux transport closed");
        });
    }

    private void connect() {
        retry = null;
        if (closed) {
            return;
        }
        connecting = true;
        LOG.debug("mux: connecting the underlying link {}", innerEndpoint);
        try {
            attempt = innerTransport.connect(innerEndpoint, options, session.loop(), session);
        } catch (RuntimeException e) {
            session.onConnectFailed(e);
        }
    }

    @Override
    public void innerOpened(Session s) {
        connecting = false;
        attempt = null;
        backoff.reset();
    }

    @Override
    public void innerClosed(Session s, Throwable cause) {
        reconnectLater(cause);
    }

    @Override
    public void innerConnectFailed(Session s, Throwable cause) {
        connecting = false;
        attempt = null;
        reconnectLater(cause);
    }

    private void reconnectLater(Throwable cause) {
        if (closed || retry != null) {
            return;
        }
        long delay = backoff.onFailure().orElse(RECONNECT.baseDelayMillis(Integer.MAX_VALUE));
        LOG.info("mux: underlying link {} down ({}); reconnecting in {} ms", innerEndpoint, cause, delay);
        retry = session.loop().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private static void cancel(Loop.Scheduled s) {
        if (s != null) {
            s.cancel();
        }
    }
}
