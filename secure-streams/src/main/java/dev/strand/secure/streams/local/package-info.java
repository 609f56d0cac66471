/**
 * The in-process secure stream runtime: {@link dev.strand.secure.streams.local.LocalStream}, a
 * policy-driven stream that makes and keeps its onward connection (states, backoff, timeout,
 * metadata, flow control), with the onward protocol behind an internal binding (raw, ws).
 * Everything is confined to the stream's loop.
 */
package dev.strand.secure.streams.local;
