/**
 * The protocol SPI: what the bytes on a link mean (raw, h1, h2, ws, ...), as seen by Strand's
 * protocol-agnostic connection engine.
 *
 * <p>A {@link dev.strand.api.protocol.ProtocolOps} opens a
 * {@link dev.strand.api.protocol.ProtocolSession} over a link. The engine binds
 * {@link dev.strand.api.protocol.Exchange}s to sessions by capacity and learns everything it needs
 * through {@link dev.strand.api.protocol.SessionListener}: ready, capacity changed, exchange progress
 * (for deadlines), exchange completed, exchange failed with a
 * {@link dev.strand.api.protocol.ReplayClass}, draining, closed.
 * The engine never looks inside an exchange and never names a protocol.
 */
package dev.strand.api.protocol;
