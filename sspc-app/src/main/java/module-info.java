/**
 * The SSPC-only launcher ({@code LWS_ONLY_SSPC} in lws's terms): one secure stream through an SS
 * proxy reached over a serial port (the transport mux runs on it), stdin to tx, rx to stdout,
 * states to stderr. It reads the api, core-net and the serial transport, and nothing else: no
 * Netty, no JSON library, no proxy. {@link dev.strand.sspc.app.StdioStream} is also the stream
 * behind {@code strand ss}.
 */
module dev.strand.sspc.app {
    requires transitive dev.strand.core.net;
    requires dev.strand.transport.uart;

    exports dev.strand.sspc.app;
}
