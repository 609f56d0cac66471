/**
 * Netty links: the {@code wsi} transport ({@link dev.strand.transport.wsi.WsiTransport}) for
 * {@code unix:/path}, {@code unix:@name} (Linux abstract namespace, native epoll only) and
 * {@code tcp:host:port} (optionally with TLS on the client side), plus the Netty-backed loops
 * ({@link dev.strand.transport.wsi.NettyLoop}, {@link dev.strand.transport.wsi.NettyLoopGroup})
 * that let other modules run their own work on the very threads that carry their sockets.
 */
package dev.strand.transport.wsi;
