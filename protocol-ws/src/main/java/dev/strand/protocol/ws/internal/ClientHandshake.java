package dev.strand.protocol.ws.internal;

import dev.strand.http.HttpHeaders;
import dev.strand.http.ResponseHead;
import dev.strand.protocol.ws.WebSocketHandshakeException;
import dev.strand.protocol.ws.WsWire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client's side of the opening handshake (RFC 6455 §4.1): the upgrade request, and the
 * checks of the server's {@code 101} answer. The request is written here rather than by h1's
 * request encoder because that one writes {@code HttpRequest}s (http/https URIs, body framing
 * headers); the upgrade GET has no body and its own mandatory fields, and stays a few lines.
 */
final class ClientHandshake {

    private final String key;
    private final List<String> offered;

    ClientHandshake(SecureRandom random, List<String> offeredSubprotocols) {
        this.key = HandshakeKeys.newKey(random);
        this.offered = offeredSubprotocols;
    }

    /** The request head: {@code GET target HTTP/1.1} with Host, Upgrade, Connection, key, version, subprotocols, extras. */
    ByteBuffer request(String target, String authority, HttpHeaders extra) {
        StringBuilder b = new StringBuilder(256);
        b.append("GET ").append(target).append(" HTTP/1.1\r\n");
        b.append("Host: ").append(authority).append("\r\n");
        b.append("Upgrade: websocket\r\n");
        b.append("Connection: Upgrade\r\n");
        b.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
        b.append("Sec-WebSocket-Version: ").append(WsWire.VERSION).append("\r\n");
        if (!offered.isEmpty()) {
            b.append("Sec-WebSocket-Protocol: ").append(String.join(", ", offered)).append("\r\n");
        }
        for (HttpHeaders.Field f : extra.fields()) {
            b.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        b.append("\r\n");
        return ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Checks a {@code 101} answer (§4.1, the client's six checks).
     *
     * @return the subprotocol the server selected, if any
     * @throws WebSocketHandshakeException naming the first thing that is wrong
     */
    Optional<String> validate(ResponseHead head) throws WebSocketHandshakeException {
        HttpHeaders h = head.headers();
        if (!h.hasToken("Upgrade", "websocket")) {
            throw refused(head, "101 response has no 'Upgrade: websocket' (got " + h.all("Upgrade") + ")");
        }
        if (!h.hasToken("Connection", "upgrade")) {
            throw refused(head, "101 response has no 'Connection: Upgrade' (got " + h.all("Connection") + ")");
        }
        List<String> accept = h.all("Sec-WebSocket-Accept");
        String expected = HandshakeKeys.accept(key);
        if (accept.size() != 1 || !accept.get(0).equals(expected)) {
            throw refused(head, "101 response has Sec-WebSocket-Accept " + accept + ", expected [" + expected + "]");
        }
        if (!h.all("Sec-WebSocket-Extensions").isEmpty()) {
            throw refused(head, "server chose extensions " + h.all("Sec-WebSocket-Extensions") + " that were not offered");
        }
        List<String> chosen = h.all("Sec-WebSocket-Protocol");
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        String p = chosen.get(0).strip();
        if (chosen.size() > 1 || !offered.contains(p)) {
            throw refused(head, "server selected subprotocol " + chosen + ", which was not offered (offered "
                    + offered + ")");
        }
        return Optional.of(p);
    }

    private static WebSocketHandshakeException refused(ResponseHead head, String message) {
        return new WebSocketHandshakeException(head.status(), "", message);
    }

    /** Text for an error message: at most {@code max} bytes, control characters escaped. */
    static String excerpt(byte[] body, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int c = body[i] & 0xFF;
            b.append(c < 0x20 || c >= 0x7F ? String.format(Locale.ROOT, "\\x%02x", c) : String.valueOf((char) c));
        }
        return b.toString();
    }
}
