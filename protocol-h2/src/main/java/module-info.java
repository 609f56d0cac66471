/**
 * HTTP/2 client sessions ({@code h2}, ALPN {@code h2}; cleartext by prior knowledge) for Strand's
 * connection engine. Discovered as a {@link dev.strand.api.protocol.ProtocolOps} provider. Uses
 * Netty's HPACK encoder and decoder internally; no Netty type appears in its API.
 */
module dev.strand.protocol.h2 {
    requires transitive dev.strand.api;
    requires dev.strand.core.net;
    requires transitive dev.strand.http;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec.http2;
    requires org.slf4j;
    requires static biz.aQute.bnd.annotation;

    exports dev.strand.protocol.h2;

    provides dev.strand.api.protocol.ProtocolOps with dev.strand.protocol.h2.H2Protocol;
}
