/**
 * The client connection engine: exchanges to the same {@link dev.strand.core.net.engine.PoolKey}
 * share pooled connections, wait in the pool's FIFO until a session has capacity, and are
 * re-dispatched by replay class when a connection dies. Protocol-agnostic: it speaks only the
 * {@code dev.strand.api.protocol} SPI, so every protocol plugs in the same way, without engine changes.
 * Everything runs on the engine's loop.
 */
package dev.strand.core.net.engine;
