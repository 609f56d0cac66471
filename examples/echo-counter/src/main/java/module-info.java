/**
 * An example Secure Streams application written once against {@code dev.strand.api} alone:
 * {@link dev.strand.examples.echo.counter.EchoCounter} runs unchanged with in-process streams, with
 * a proxy over a Unix socket and with a proxy over the UART mux.
 */
module dev.strand.examples.echo.counter {
    requires transitive dev.strand.api;

    exports dev.strand.examples.echo.counter;
}
