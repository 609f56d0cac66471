/**
 * The in-process secure stream runtime: {@link dev.strand.secure.streams.local.LocalStream}, a
 * policy-driven stream that makes and keeps its onward connection (states, backoff, timeout,
 * metadata, flow control), with the onward protocol behind an internal binding: raw links and
 * HTTP transactions (h1, h2) made through a per-loop connection engine
 * ({@link dev.strand.secure.streams.local.OnwardEngines}), and WebSockets (ws) opened by
 * protocol-ws's client, one per connection attempt. Everything is confined to the stream's loop.
 */
package dev.strand.secure.streams.local;
