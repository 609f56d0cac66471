/**
 * lws's binance example, written once against the SS API: {@link dev.strand.examples.binance.BinanceClient}
 * subscribes to streamtype {@code binance} (a depth-update feed) and reports once a second the best-ask
 * price range, the event latency range and the message and byte rates. The application package
 * needs {@code dev.strand.api} alone, so it runs unchanged in-process, through a proxy over a Unix
 * socket, and on the SSPC-only module set ({@code dev.strand.api}, {@code dev.strand.core.net},
 * {@code dev.strand.transport.uart}) over the transport mux on a serial port. The launchers
 * ({@link dev.strand.examples.binance.launch}) add {@code dev.strand.core.net}: loops, the SS
 * proxy client and the mux. Neither package touches Netty, Jackson or the proxy.
 */
module dev.strand.examples.binance {
    requires transitive dev.strand.api;
    requires transitive dev.strand.core.net;

    exports dev.strand.examples.binance;
    exports dev.strand.examples.binance.launch;
}
