package dev.strand.secure.streams.local;

import dev.strand.api.ss.PayloadFlags;
import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.core.net.retry.RetryPolicy;
import dev.strand.protocol.ws.WebSocket;
import dev.strand.protocol.ws.WebSocketClient;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WebSocketOptions;
import dev.strand.protocol.ws.WsWire;
import dev.strand.secure.streams.policy.ConnectTarget;
import dev.strand.secure.streams.policy.StreamType;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ws} protocol, as lws's ss-ws: one WebSocket per connection attempt, opened by a
 * {@link WebSocketClient} on the stream's loop (an upgrade exchange of the connection engine,
 * which makes exactly one attempt: the stream's own backoff does the retrying).
 *
 * <ul>
 *   <li>The request goes to the policy's endpoint with the {@code http_url} path (one leading
 *       {@code /}, {@code ${meta}} filled: {@link ConnectTarget#path()}), {@code ws_subprotocol}
 *       offered, the trust store's CAs for {@code wss}.</li>
 *   <li>"Connected" is the server's {@code 101}; a refused or failed handshake fails the attempt;
 *       the WebSocket ending (close handshake, error, link loss) closes the connection.</li>
 *   <li>tx: each piece is a fragment of a message, text or binary by {@code ws_binary}; SOM
 *       starts a message, EOM ends it (FIN). A piece out of sequence (SOM while a message is
 *       unfinished, a continuation with none started, lws c0268b224) or text that is not UTF-8
 *       is refused with one WARN line naming the error, and the connection is closed with 1011.</li>
 *   <li>rx: each piece as it arrives, SOM on a message's first piece, EOM on its last.</li>
 *   <li>The retry policy's {@code svalidping}/{@code svalidhup} become the WebSocket's keepalive:
 *       a ping after that many idle seconds, a hang-up after that many without traffic.</li>
 * </ul>
 *
 * <p>{@code client_cert} is not presented: it names a system blob, and Strand has no blob store.
 * Confined to the stream's loop.
 */
final class WsBinding implements ProtocolBinding, WebSocketListener {

    private static final Logger LOG = LoggerFactory.getLogger(WsBinding.class);

    /** One connection attempt per binding: the engine gives up after its first failure. */
    private static final EngineConfig ONE_ATTEMPT = EngineConfig.DEFAULT
            .withRetry(new RetryPolicy("ss-ws-attempt", List.of(1000L), 0, 1, 0, 0))
            .withMaxReplays(0)
            .withKeepWarm(Duration.ZERO);

    private final BindingSetup setup;
    private final BindingEvents events;
    private final StreamType type;
    private CompletableFuture<WebSocket> handshake;
    private WebSocket ws;
    private boolean reading = true;
    private boolean wantWritable;
    private boolean closed;

    WsBinding(BindingSetup setup, BindingEvents events) {
        this.setup = setup;
        this.events = events;
        this.type = setup.type();
    }

    /** The ws or wss URI a connection to {@code target} asks for; a Unix socket's host is {@code localhost}. */
    static URI uri(ConnectTarget target) {
        String host = switch (target.kind()) {
            case TCP -> target.address().indexOf(':') >= 0 ? "[" + target.address() + "]" : target.address();
            case UNIX, TRANSPORT -> "localhost";
            case FILE -> throw new IllegalArgumentException("a ws stream cannot read a file:// endpoint ("
                    + target.address() + ")");
        };
        int port = target.kind() == ConnectTarget.Kind.TCP ? target.port() : target.tls() ? 443 : 80;
        return URI.create((target.tls() ? "wss://" : "ws://") + host + ":" + port + target.path());
    }

    /** How the WebSocket of a {@code type} stream behaves: fragments delivered, policy subprotocol and keepalive. */
    static WebSocketOptions options(StreamType type, Duration connectTimeout) {
        RetryPolicy retry = type.retry();
        return WebSocketOptions.DEFAULT
                .withDeliverFragments(true)
                .withSubprotocols(type.ws().subprotocol().map(List::of).orElse(List.of()))
                .withKeepalive(Duration.ofSeconds(retry.validityPingSeconds()),
                        Duration.ofSeconds(retry.validityHangupSeconds()))
                .withTimeouts(ExchangeOptions.DEFAULT.withConnectTimeout(connectTimeout)
                        .withQueueTimeout(connectTimeout).withResponseTimeout(connectTimeout));
    }

    @Override
    public void open(ConnectTarget target) {
        URI uri;
        try {
            uri = uri(target);
        } catch (IllegalArgumentException e) {
            closed = true;
            events.failed(e);
            return;
        }
        WebSocketClient.Builder b = WebSocketClient.newBuilder()
                .loop(setup.loop())
                .providers(setup.context().providers())
                .engine(ONE_ATTEMPT)
                .endpointResolver((scheme, host, port) -> target.endpoint());
        target.trustStore().ifPresent(ts -> b.trustedCasPem(ts.pem()));
        WebSocketClient client = b.build();
        try {
            handshake = client.connect(uri, options(type, setup.context().connectTimeout()), this);
        } catch (RuntimeException e) {
            closed = true;
            events.failed(e);
            return;
        }
        handshake.whenComplete((w, e) -> {
            if (e != null && !closed && ws == null) {
                closed = true;
                events.failed(unwrap(e));
            }
        });
    }

    @Override
    public boolean write(ByteBuffer piece, int flags) {
        WebSocket w = ws;
        if (w == null || closed) {
            piece.position(piece.limit());
            return true;
        }
        boolean more;
        try {
            more = w.sendFragment(piece, !type.ws().binary(), (flags & PayloadFlags.SOM) != 0,
                    (flags & PayloadFlags.EOM) != 0);
        } catch (IllegalStateException | IllegalArgumentException e) {
            piece.position(piece.limit());
            LOG.warn("{}: tx of stream '{}' refused ({}): {}; closing the connection", w.peer(), type.name(),
                    PayloadFlags.toString(flags), e.getMessage());
            w.close(WsWire.CLOSE_INTERNAL_ERROR, "tx out of sequence");
            return true;
        }
        if (!more) {
            wantWritable = true;
            w.requestWrite();
        }
        return more;
    }

    @Override
    public void setReading(boolean on) {
        reading = on;
        if (ws != null) {
            ws.setReading(on);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ws != null) {
            ws.close();
        } else if (handshake != null) {
            handshake.cancel(false);
        }
    }

    // ---- WebSocket events

    @Override
    public void onOpen(WebSocket w) {
        if (closed) {
            w.abort();
            return;
        }
        ws = w;
        if (!reading) {
            w.setReading(false);
        }
        events.connected();
    }

    @Override
    public void onFragment(WebSocket w, ByteBuffer data, boolean text, boolean first, boolean last) {
        if (closed) {
            data.position(data.limit());
            return;
        }
        events.rx(data, (first ? PayloadFlags.SOM : 0) | (last ? PayloadFlags.EOM : 0));
    }

    @Override
    public void onWritable(WebSocket w) {
        if (wantWritable && !closed) {
            wantWritable = false;
            events.writable();
        }
    }

    @Override
    public void onClosed(WebSocket w, int code, String reason, Throwable cause) {
        ws = null;
        if (!closed) {
            closed = true;
            events.closed(cause != null ? cause
                    : code == WsWire.CLOSE_NORMAL ? null : new IOException("closed by the server with " + code + " " + reason));
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof CancellationException ? new IOException("handshake abandoned", t) : t;
    }
}
