/**
 * HTTP/1.1 for Strand's connection engine: {@link dev.strand.protocol.h1.H1Protocol} opens
 * sessions that carry {@link dev.strand.http.HttpExchange}s one after another (lws's queue
 * semantics) or, opted in, pipelined; parses responses incrementally per RFC 9112 with size
 * limits; streams request bodies with the link's backpressure; and reports each exchange's
 * outcome with the replay class the engine needs to re-dispatch safely.
 */
package dev.strand.protocol.h1;
