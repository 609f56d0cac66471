package dev.strand.protocol.ws;

import java.nio.ByteBuffer;

/** The server side of an echo: every message goes back as it came, text as text, binary as binary. */
final class EchoListener implements WebSocketListener {

    @Override
    public void onText(WebSocket ws, String text) {
        ws.sendText(text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        ws.sendBinary(data);
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason, Throwable cause) {
    }
}
