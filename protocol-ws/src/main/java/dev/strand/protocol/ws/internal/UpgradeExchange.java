package dev.strand.protocol.ws.internal;

import dev.strand.api.protocol.Exchange;
import dev.strand.core.net.engine.ExchangeObserver;
import dev.strand.protocol.ws.WebSocket;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WebSocketOptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The WebSocket opening handshake as one exchange of the connection engine: a {@link WsSession}
 * binds it, and once the server's {@code 101} checks out the exchange completes with the open
 * {@link WebSocket}. It does not return its connection: the upgraded link leaves the pool.
 * Confined to the engine's loop.
 *
 * @see Exchange#returnsConnection()
 */
public final class UpgradeExchange implements Exchange, ExchangeObserver {

    final String target;
    final String authority;
    final WebSocketOptions options;
    final WebSocketListener listener;
    private final CompletableFuture<WebSocket> future = new CompletableFuture<>();
    private WsConnection connection;

    /**
     * @param target    the request target: path and query, as the URI has them
     * @param authority the Host header: {@code host[:port]}
     */
    public UpgradeExchange(String target, String authority, WebSocketOptions options, WebSocketListener listener) {
        this.target = Objects.requireNonNull(target, "target");
        this.authority = Objects.requireNonNull(authority, "authority");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Completes with the open WebSocket, or fails with why the handshake did not succeed. */
    public CompletableFuture<WebSocket> future() {
        return future;
    }

    /** A GET: opening a WebSocket may be retried on another connection if nothing came back. */
    @Override
    public boolean idempotent() {
        return true;
    }

    /** The upgraded link is the WebSocket's alone. */
    @Override
    public boolean returnsConnection() {
        return false;
    }

    void upgraded(WsConnection c) {
        this.connection = c;
    }

    @Override
    public void onCompleted() {
        future.complete(connection);
    }

    @Override
    public void onFailed(Throwable cause) {
        future.completeExceptionally(cause);
    }

    @Override
    public String toString() {
        return "WebSocket upgrade GET " + authority + target;
    }
}
