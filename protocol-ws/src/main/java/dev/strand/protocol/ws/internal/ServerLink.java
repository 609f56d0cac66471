package dev.strand.protocol.ws.internal;

import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.http.HttpHeaders;
import dev.strand.protocol.ws.WebSocketListener;
import dev.strand.protocol.ws.WebSocketOptions;
import dev.strand.protocol.ws.WebSocketServer;
import dev.strand.protocol.ws.WsWire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One link accepted by a {@link WebSocketServer}: reads the upgrade request head, answers it,
 * then hands the link to a {@link WsConnection} in the server role. The request head is parsed
 * here by hand: Strand has no HTTP server, and an upgrade request is a request line and header
 * fields with no body, read up to a 16 KiB limit. Confined to the link's loop.
 */
public final class ServerLink implements LinkHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServerLink.class);
    private static final int MAX_REQUEST_HEAD = 16 * 1024;

    private final Link link;
    private final WebSocketOptions options;
    private final WebSocketServer.Acceptor acceptor;
    private final SecureRandom random;
    private final byte[] head = new byte[MAX_REQUEST_HEAD];
    private int headLength;
    private WsConnection connection;
    private boolean refused;

    public ServerLink(Link link, WebSocketOptions options, WebSocketServer.Acceptor acceptor, SecureRandom random) {
        this.link = link;
        this.options = options;
        this.acceptor = acceptor;
        this.random = random;
    }

    @Override
    public void onRead(Link l, ByteBuffer data) {
        if (connection != null) {
            connection.onRead(data);
            return;
        }
        if (refused) {
            data.position(data.limit());
            return;
        }
        while (data.hasRemaining()) {
            if (headLength == head.length) {
                refuse(431, "request head is larger than " + MAX_REQUEST_HEAD + " bytes");
                return;
            }
            head[headLength++] = data.get();
            if (headLength >= 4 && head[headLength - 4] == '\r' && head[headLength - 3] == '\n'
                    && head[headLength - 2] == '\r' && head[headLength - 1] == '\n') {
                upgrade(new String(head, 0, headLength - 4, StandardCharsets.ISO_8859_1));
                if (connection != null && data.hasRemaining()) {
                    connection.onRead(data);
                }
                return;
            }
        }
    }

    @Override
    public void onWritable(Link l) {
        if (connection != null) {
            connection.onWritable();
        }
    }

    @Override
    public void onClosed(Link l, Throwable cause) {
        if (connection != null) {
            connection.onLinkClosed(cause);
        }
    }

    private void upgrade(String text) {
        String[] lines = text.split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !requestLine[0].equals("GET") || !requestLine[2].equals("HTTP/1.1")) {
            refuse(400, "request line '" + lines[0] + "' is not 'GET target HTTP/1.1'");
            return;
        }
        HttpHeaders.Builder b = HttpHeaders.builder();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            try {
                if (colon <= 0) {
                    throw new IllegalArgumentException("header line '" + lines[i] + "' has no name and colon");
                }
                b.add(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                refuse(400, e.getMessage());
                return;
            }
        }
        HttpHeaders h = b.build();
        if (!h.hasToken("Upgrade", "websocket") || !h.hasToken("Connection", "upgrade")) {
            refuse(400, "not a WebSocket upgrade (Upgrade " + h.all("Upgrade") + ", Connection " + h.all("Connection") + ")");
            return;
        }
        if (!h.all("Sec-WebSocket-Version").equals(List.of(WsWire.VERSION))) {
            refuse(426, "Sec-WebSocket-Version " + h.all("Sec-WebSocket-Version") + " is not " + WsWire.VERSION);
            return;
        }
        List<String> keys = h.all("Sec-WebSocket-Key");
        if (keys.size() != 1 || !HandshakeKeys.isValidKey(keys.get(0))) {
            refuse(400, "Sec-WebSocket-Key " + keys + " is not base64 of 16 bytes");
            return;
        }
        List<String> offered = new ArrayList<>();
        for (String v : h.all("Sec-WebSocket-Protocol")) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.strip());
                }
            }
        }
        WebSocketServer.UpgradeRequest request = new WebSocketServer.UpgradeRequest(requestLine[1], h, offered, link.peer());
        WebSocketListener listener = acceptor.accept(request);
        if (listener == null) {
            refuse(403, "the server's acceptor refused " + requestLine[1]);
            return;
        }
        Optional<String> chosen = offered.stream().filter(options.subprotocols()::contains).findFirst();
        StringBuilder answer = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + HandshakeKeys.accept(keys.get(0)) + "\r\n");
        chosen.ifPresent(p -> answer.append("Sec-WebSocket-Protocol: ").append(p).append("\r\n"));
        answer.append("\r\n");
        link.write(ByteBuffer.wrap(answer.toString().getBytes(StandardCharsets.ISO_8859_1)));
        connection = new WsConnection(link, Role.SERVER, options, listener, chosen, random);
        connection.start();
    }

    private void refuse(int status, String why) {
        LOG.warn("{}: refusing WebSocket upgrade with {}: {}", link.peer(), status, why);
        refused = true;
        byte[] body = why.getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + status + " Refused\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n" + (status == 426 ? "Sec-WebSocket-Version: 13\r\n" : "") + "\r\n";
        link.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
        link.write(ByteBuffer.wrap(body));
        link.close();
    }
}
