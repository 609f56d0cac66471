/**
 * The {@code raw} protocol: a connection made through the engine whose one exchange takes the
 * link as a plain byte stream ({@link dev.strand.core.net.raw.RawExchange}); the link then belongs
 * to the exchange's owner and never returns to the pool. What lws's {@code ss-raw} runs over.
 */
package dev.strand.core.net.raw;
