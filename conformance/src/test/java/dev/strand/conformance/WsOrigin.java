package dev.strand.conformance;

import dev.strand.api.Endpoint;
import dev.strand.api.LoopGroup;
import dev.strand.protocol.ws.WebSocket;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WebSocketOptions;
import dev.strand.protocol.ws.WebSocketServer;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket echo origin on 127.0.0.1 (protocol-ws's server, as a fault-injecting peer next to
 * python3-websockets): it echoes every message as it came, text or binary; on {@code /frag...}
 * it echoes each message as three fragments. It records each upgrade's path and offered
 * subprotocols and each message's path and kind ({@code /text:text}), and can drop every
 * connection.
 */
final class WsOrigin implements AutoCloseable {

    private final WebSocketServer server;
    final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<List<String>> offered = new CopyOnWriteArrayList<>();
    final List<String> kinds = new CopyOnWriteArrayList<>();

    WsOrigin(WsiTransport wsi, LoopGroup loops) throws IOException {
        server = WebSocketServer.listen(wsi, Endpoint.parse("tcp:127.0.0.1:0"), loops,
                WebSocketOptions.DEFAULT.withSubprotocols(List.of("lws-conformance")), request -> {
                    paths.add(request.target());
                    offered.add(request.subprotocols());
                    return new Echo(request.target());
                });
    }

    int port() {
        return server.endpoint().port();
    }

    /** Aborts every open WebSocket (no close handshake), as a crashing origin does. */
    void dropAll() {
        for (WebSocket ws : sockets) {
            ws.loop().execute(ws::abort);
        }
    }

    @Override
    public void close() {
        server.close();
        dropAll();
    }

    private final class Echo implements WebSocketListener {
        private final String path;
        private final boolean fragmented;

        Echo(String path) {
            this.path = path;
            this.fragmented = path.startsWith("/frag");
        }

        @Override
        public void onOpen(WebSocket ws) {
            sockets.add(ws);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            kinds.add(path + ":text");
            echo(ws, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            kinds.add(path + ":binary");
            echo(ws, data, false);
        }

        private void echo(WebSocket ws, ByteBuffer data, boolean text) {
            if (!fragmented || data.remaining() < 3) {
                ws.sendFragment(data, text, true, true);
                return;
            }
            int third = data.remaining() / 3;
            for (int i = 0; i < 3; i++) {
                ByteBuffer piece = data.slice();
                if (i < 2) {
                    piece.limit(third);
                }
                data.position(data.position() + piece.remaining());
                ws.sendFragment(piece, text, i == 0, i == 2);
            }
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason, Throwable cause) {
            sockets.remove(ws);
        }
    }
}
