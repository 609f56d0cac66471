package dev.strand.protocol.ws;

import dev.strand.api.Endpoint;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import dev.strand.http.HttpHeaders;
import dev.strand.protocol.ws.internal.ServerLink;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * A minimal WebSocket server over any transport's listener: it answers RFC 6455 upgrade
 * requests (GET, {@code Upgrade: websocket}, version 13, a valid key) with {@code 101}, picks the
 * first subprotocol the client offers that {@link WebSocketOptions#subprotocols()} accepts, and
 * runs each accepted connection with the same frame code as the client, in the server role
 * (it requires masked frames and sends unmasked ones). Anything else is answered with
 * {@code 400} (or {@code 426} for another version) and closed. For in-process peers: echo
 * servers for tests and benchmarks, local origins.
 *
 * <p>Thread-safe to close; each connection runs on the loop its link was given.
 */
public final class WebSocketServer implements AutoCloseable {

    /** Decides about each upgrade request; runs on the connection's loop. */
    @FunctionalInterface
    public interface Acceptor {
        /** The listener for the new WebSocket, or {@code null} to refuse the request with 403. */
        WebSocketListener accept(UpgradeRequest request);
    }

    /**
     * An upgrade request as the server received it.
     *
     * @param target       the request target (path and query)
     * @param headers      every header field
     * @param subprotocols the subprotocols the client offered, in its order
     * @param peer         the link's peer description
     */
    public record UpgradeRequest(String target, HttpHeaders headers, List<String> subprotocols, String peer) {
        public UpgradeRequest {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(headers, "headers");
            subprotocols = List.copyOf(subprotocols);
            Objects.requireNonNull(peer, "peer");
        }
    }

    private final Listener listener;

    private WebSocketServer(Listener listener) {
        this.listener = listener;
    }

    /**
     * Listens on {@code endpoint} with {@code transport}; each accepted link gets a loop from {@code loops}.
     *
     * @throws IOException if the endpoint cannot be listened on
     */
    public static WebSocketServer listen(TransportOps transport, Endpoint endpoint, LoopGroup loops,
                                         WebSocketOptions options, Acceptor acceptor) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(acceptor, "acceptor");
        SecureRandom random = new SecureRandom();
        return new WebSocketServer(transport.listen(endpoint, loops,
                link -> new ServerLink(link, options, acceptor, random)));
    }

    /** Where clients reach this server (the port actually bound for {@code tcp:127.0.0.1:0}). */
    public Endpoint endpoint() {
        return listener.endpoint();
    }

    /** Stops accepting; open WebSockets stay open. */
    @Override
    public void close() {
        listener.close();
    }
}
