/**
 * HTTP/2 for Strand's connection engine: {@link dev.strand.protocol.h2.H2Protocol} opens client
 * sessions that carry {@link dev.strand.http.HttpExchange}s as streams, bound all at once when the
 * server's first SETTINGS arrive (lws's "broadside"), up to min(peer MAX_CONCURRENT_STREAMS, local
 * cap); flow control per stream and connection; GOAWAY draining with the unprocessed streams
 * replayed elsewhere; malformed input answered with the RFC 9113 error code, costing only its
 * stream or its connection. The frame codec is this package's own; HPACK is Netty's.
 */
package dev.strand.protocol.h2;
