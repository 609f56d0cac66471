package dev.strand.protocol.ws;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Function;

/** A fault server and a client wired to it over one transport: {@code mem} (in-JVM) or {@code tcp} (real sockets). */
final class FaultBed implements AutoCloseable {

    private static int names;

    final FaultServer server;
    final WebSocketClient client;
    final URI uri;

    FaultBed(String transport, Consumer<FaultServer.Peer> script) throws IOException {
        this(transport, FaultServer::switchingProtocols, script);
    }

    FaultBed(String transport, Function<String, String> answer, Consumer<FaultServer.Peer> script) throws IOException {
        TransportOps ops = transport.equals("mem") ? new LoopbackTransport() : new WsiTransport();
        Endpoint listen = transport.equals("mem") ? Endpoint.parse("mem:ws-fault-" + (++names) + "-" + System.nanoTime())
                : Endpoint.parse("tcp:127.0.0.1:0");
        server = new FaultServer(ops, listen, answer, script);
        Providers p = Providers.empty();
        p.addTransport(ops);
        p.addProtocol(new WsProtocol());
        WebSocketClient.Builder b = WebSocketClient.newBuilder().providers(p);
        if (transport.equals("mem")) {
            Endpoint target = server.endpoint();
            b.endpointResolver((scheme, host, port) -> target);
            uri = URI.create("ws://fault.example/chat");
        } else {
            uri = URI.create("ws://127.0.0.1:" + server.endpoint().port() + "/chat");
        }
        client = b.build();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
