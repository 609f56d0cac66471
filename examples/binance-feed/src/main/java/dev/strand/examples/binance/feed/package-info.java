/**
 * A local stand-in for Binance's futures stream: what it sends ({@link dev.strand.examples.binance.feed.FeedScript}),
 * the certificates it presents ({@link dev.strand.examples.binance.feed.FeedCertificates}), and the
 * server ({@link dev.strand.examples.binance.feed.LocalFeed}).
 */
package dev.strand.examples.binance.feed;
