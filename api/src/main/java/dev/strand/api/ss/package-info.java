/**
 * The Secure Streams user API: an application names a streamtype; a policy (held in-process or
 * by an SS proxy) decides the endpoint, protocol, TLS and retries; the application only sees
 * payload ({@link dev.strand.api.ss.StreamHandler#onRx}, {@link dev.strand.api.ss.StreamHandler#onTx})
 * and {@link dev.strand.api.ss.StreamState}s.
 *
 * <p>The same application code runs in-process, through a proxy over a Unix socket, and through a
 * proxy over the transport mux on a serial port: only the {@link dev.strand.api.ss.SecureStreams}
 * it is given differs. States, flags and result codes carry libwebsockets' numeric values.
 */
package dev.strand.api.ss;
