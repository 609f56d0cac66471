/**
 * The implementation of the {@code wsi} transport: links over Netty channels, connecting,
 * listening, TLS contexts and failure messages. Not exported.
 */
package dev.strand.transport.wsi.internal;
