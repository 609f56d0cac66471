package dev.strand.protocol.ws;

import dev.strand.api.Endpoint;
import dev.strand.core.net.loop.ManualLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A client and the module's own server over the in-JVM loopback, everything on one fake-clock
 * {@link ManualLoop} driven by the test thread: timers (keepalive, close timeout) fire only when
 * the test advances the clock.
 */
final class ManualBed implements AutoCloseable {

    private static int names;

    final ManualLoop loop = new ManualLoop();
    final WebSocketServer server;
    final WebSocketClient client;
    final Recorder serverSide = new Recorder();
    WebSocket serverSocket;

    ManualBed() throws Exception {
        Endpoint endpoint = Endpoint.parse("mem:ws-manual-" + (++names) + "-" + System.nanoTime());
        LoopbackTransport mem = new LoopbackTransport();
        server = WebSocketServer.listen(mem, endpoint, loop, WebSocketOptions.DEFAULT, request -> serverSide);
        Providers p = Providers.empty();
        p.addTransport(mem);
        p.addProtocol(new WsProtocol());
        client = WebSocketClient.newBuilder().providers(p).loop(loop).endpointResolver((s, h, port) -> endpoint).build();
    }

    /** Opens a client WebSocket; runs the loop until the handshake is done. */
    WebSocket open(WebSocketOptions options, Recorder r) throws Exception {
        CompletableFuture<WebSocket> f = client.connect(URI.create("ws://manual.example/"), options, r);
        loop.runPending();
        if (!f.isDone()) {
            throw new AssertionError("handshake did not complete on the manual loop");
        }
        serverSocket = serverSide.opened.getNow(null);
        return f.get();
    }

    void advance(Duration d) {
        loop.advance(d);
        loop.runPending();
    }

    @Override
    public void close() {
        client.close();
        loop.runPending();
        server.close();
    }
}
