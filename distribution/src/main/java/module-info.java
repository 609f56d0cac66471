/**
 * The {@code strand} command. On the module path: the subcommand dispatcher and the tools that
 * need no container ({@code transports}, {@code link}, {@code ss}, {@code fetch}, {@code binance},
 * {@code feed}, {@code demo}). On the class path next to the Felix framework jar: the container
 * launcher ({@code dev.strand.distribution.container}), which is why {@code osgi.core} and
 * {@code java.management} are needed at compile time only. Exports nothing.
 */
module dev.strand.distribution {
    requires dev.strand.core.net;
    requires dev.strand.secure.streams;
    requires dev.strand.http;
    requires dev.strand.examples.binance;
    requires dev.strand.examples.binance.feed;
    requires dev.strand.sspc.app;
    requires static osgi.core;
    requires static java.management;
}
