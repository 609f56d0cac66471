/**
 * Strand's core: loops and timers, the provider registry (OSGi service tracking or
 * {@link java.util.ServiceLoader}, never both), the in-JVM loopback transport, the transport mux,
 * retry/backoff, Serialized Secure Streams (codec, SS proxy client, proxy-side terminal), the
 * protocol-agnostic client connection engine and the {@code raw} protocol. Depends at run time on
 * {@code dev.strand.api} and {@code org.slf4j} only; {@code osgi.core} is optional and is used
 * only when the jar runs as a bundle.
 */
module dev.strand.core.net {
    requires transitive dev.strand.api;
    requires org.slf4j;
    requires static osgi.core;
    requires static biz.aQute.bnd.annotation;

    exports dev.strand.core.net.loop;
    exports dev.strand.core.net.registry;
    exports dev.strand.core.net.loopback;
    exports dev.strand.core.net.retry;
    exports dev.strand.core.net.sss;
    exports dev.strand.core.net.mux;
    exports dev.strand.core.net.engine;
    exports dev.strand.core.net.raw;

    uses dev.strand.api.transport.TransportOps;
    uses dev.strand.api.protocol.ProtocolOps;
    uses dev.strand.api.LoopGroup;

    provides dev.strand.api.transport.TransportOps with
            dev.strand.core.net.loopback.LoopbackTransport,
            dev.strand.core.net.mux.MuxTransport;
    provides dev.strand.api.protocol.ProtocolOps with
            dev.strand.core.net.raw.RawProtocol;
}
