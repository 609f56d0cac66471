/**
 * HTTP over Strand's connection engine: request and response types shared by the HTTP
 * protocols, the {@link dev.strand.http.HttpExchange} they bind, and
 * {@link dev.strand.http.HttpClient}, a small client usable without Secure Streams.
 */
package dev.strand.http;
