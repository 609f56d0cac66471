package dev.strand.protocol.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.transport.wsi.WsiTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client against the module's own server (server role: masked frames in, unmasked out),
 * over the in-JVM loopback and real TCP: the in-process echo peer the benchmarks use.
 */
class StrandServerEchoTest {

    static List<Arguments> transportsAndSizes() {
        return List.of("mem", "tcp").stream().flatMap(t -> List.of(0, 125, 65_536, 1 << 20).stream()
                .map(n -> Arguments.of(t, n))).toList();
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("transportsAndSizes")
    void echoesTextAndBinaryThroughTheStrandServer(String transport, int size) throws Exception {
        TransportOps ops = transport.equals("mem") ? new LoopbackTransport() : new WsiTransport();
        Endpoint listen = Endpoint.parse(transport.equals("mem") ? "mem:ws-echo-" + System.nanoTime() : "tcp:127.0.0.1:0");
        WebSocketOptions serverOptions = WebSocketOptions.DEFAULT.withSubprotocols(List.of("echo"));
        try (EventLoop serverLoop = new EventLoop("ws-echo-server");
             WebSocketServer server = WebSocketServer.listen(ops, listen, serverLoop, serverOptions, r -> new EchoListener())) {
            Providers p = Providers.empty();
            p.addTransport(ops);
            p.addProtocol(new WsProtocol());
            Endpoint bound = server.endpoint();
            WebSocketClient.Builder b = WebSocketClient.newBuilder().providers(p);
            if (transport.equals("mem")) {
                b.endpointResolver((s, h, port) -> bound);
            }
            try (WebSocketClient client = b.build()) {
                URI uri = URI.create("ws://127.0.0.1:" + (transport.equals("mem") ? 80 : bound.port()) + "/echo");
                Recorder r = new Recorder();
                WebSocket ws = client.connect(uri, WebSocketOptions.DEFAULT.withSubprotocols(List.of("x", "echo")), r)
                        .get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
                assertEquals(Optional.of("echo"), ws.subprotocol());
                byte[] data = new byte[size];
                new Random(size).nextBytes(data);
                String text = PythonWebsocketsTest.text(size);
                OnLoop.run(ws.loop(), () -> {
                    ws.sendBinary(ByteBuffer.wrap(data));
                    ws.sendText(text);
                });
                assertArrayEquals(data, r.next().data());
                assertEquals(text, r.nextText());
                OnLoop.run(ws.loop(), () -> ws.close(4000, "done"));
                Recorder.Closed c = r.awaitClosed();
                assertEquals(4000, c.code());
                assertNull(c.cause());
            }
        }
    }
}
