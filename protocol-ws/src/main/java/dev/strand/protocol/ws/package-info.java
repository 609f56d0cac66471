/**
 * RFC 6455 WebSocket over Strand's connection engine: {@link dev.strand.protocol.ws.WsProtocol}
 * (the {@code ws} protocol provider), {@link dev.strand.protocol.ws.WebSocketClient} and the
 * {@link dev.strand.protocol.ws.WebSocket} handle for users without Secure Streams,
 * {@link dev.strand.protocol.ws.WebSocketServer} for in-process peers, and
 * {@link dev.strand.protocol.ws.WsWire}, the one place for the protocol's numbers.
 *
 * <p>Threading: a WebSocket, its session and its listener belong to one loop.
 */
package dev.strand.protocol.ws;
