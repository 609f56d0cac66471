/**
 * The binance demo's local feed: {@link dev.strand.examples.binance.feed.LocalFeed}, a wss
 * server sending {@link dev.strand.examples.binance.feed.FeedScript}'s binance-like messages, with
 * a certificate from a CA made at start ({@link dev.strand.examples.binance.feed.FeedCertificates},
 * by the JDK's keytool). Server-side demo code on Netty; the clients never need it.
 */
module dev.strand.examples.binance.feed {
    requires org.slf4j;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.codec.http;

    exports dev.strand.examples.binance.feed;
}
