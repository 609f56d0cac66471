/**
 * RFC 6455 WebSocket for Strand: client sessions ({@code ws}) that the connection engine opens
 * for an HTTP/1.1 upgrade, a small client API ({@link dev.strand.protocol.ws.WebSocketClient})
 * for users without Secure Streams, and a minimal server for in-process peers. Discovered as a
 * {@link dev.strand.api.protocol.ProtocolOps} provider.
 */
module dev.strand.protocol.ws {
    requires transitive dev.strand.api;
    requires transitive dev.strand.core.net;
    requires transitive dev.strand.http;
    requires dev.strand.protocol.h1;
    requires org.slf4j;
    requires static biz.aQute.bnd.annotation;

    exports dev.strand.protocol.ws;

    provides dev.strand.api.protocol.ProtocolOps with dev.strand.protocol.ws.WsProtocol;
}
