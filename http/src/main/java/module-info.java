/**
 * HTTP for Strand: the message types shared by the HTTP protocols (h1 now, h2 later), the
 * {@link dev.strand.api.protocol.Exchange} they bind, a small client over the connection engine,
 * and the logic of {@code strand fetch}. Depends on {@code dev.strand.api} and
 * {@code dev.strand.core.net} only; protocols and transports are found at run time.
 */
module dev.strand.http {
    requires transitive dev.strand.api;
    requires transitive dev.strand.core.net;
    requires org.slf4j;

    exports dev.strand.http;
    exports dev.strand.http.cli;
}
