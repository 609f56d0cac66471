/**
 * Secure Streams for Strand: the policy, a JSON document in libwebsockets' schema that decides,
 * per streamtype, the endpoint, protocol, TLS trust and retries
 * ({@link dev.strand.secure.streams.policy}); the in-process stream runtime that makes and keeps
 * onward connections as the policy says ({@link dev.strand.secure.streams.local}), with raw and
 * ws (protocol-ws) onward; the SS API served in-process with it ({@link dev.strand.secure.streams});
 * and the SS proxy that serves Serialized Secure Streams links with it
 * ({@link dev.strand.secure.streams.proxy}). Reads JSON with jackson-core's streaming parser; has
 * no Netty dependency (it runs on Netty loops when a {@link dev.strand.api.LoopGroup} provider such
 * as transport-wsi's is present).
 */
module dev.strand.secure.streams {
    requires transitive dev.strand.core.net;
    requires dev.strand.http;
    requires dev.strand.protocol.ws;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;
    requires static osgi.core;

    exports dev.strand.secure.streams;
    exports dev.strand.secure.streams.policy;
    exports dev.strand.secure.streams.local;
    exports dev.strand.secure.streams.proxy;
}
