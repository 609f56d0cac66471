/**
 * Secure Streams for Strand. So far: the policy, a JSON document in libwebsockets' schema that
 * decides, per streamtype, the endpoint, protocol, TLS trust and retries
 * ({@link dev.strand.secure.streams.policy}). Reads JSON with jackson-core's streaming parser; has
 * no Netty dependency.
 */
module dev.strand.secure.streams {
    requires transitive dev.strand.core.net;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports dev.strand.secure.streams.policy;
}
