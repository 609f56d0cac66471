/**
 * HTTP/1.1 client sessions ({@code h1}, ALPN {@code http/1.1}) for Strand's connection engine.
 * Discovered as a {@link dev.strand.api.protocol.ProtocolOps} provider.
 */
module dev.strand.protocol.h1 {
    requires transitive dev.strand.api;
    requires dev.strand.core.net;
    requires dev.strand.http;
    requires org.slf4j;
    requires static biz.aQute.bnd.annotation;

    exports dev.strand.protocol.h1;

    provides dev.strand.api.protocol.ProtocolOps with dev.strand.protocol.h1.H1Protocol;
}
