/**
 * The {@code exec:COMMAND} transport: a link over a child process's stdin and stdout, so that
 * anything a command can carry (for example {@code ssh host socat - UNIX-CONNECT:/run/x.sock})
 * can carry Strand's streams too. It shows how a third party brings its own transport: one
 * {@link dev.strand.api.transport.TransportOps} annotated {@code @ServiceProvider} and named in
 * {@code provides}, nothing but the Strand API on the compile path.
 */
package dev.strand.examples.custom.transport;
