/**
 * Netty links for Strand: Unix sockets (file system and the Linux abstract namespace
 * {@code @name}), TCP, and TLS client links, served by
 * {@link dev.strand.transport.wsi.WsiTransport} for the schemes {@code unix} and {@code tcp}.
 *
 * <p>Native epoll ({@code io.netty.transport.epoll.linux.x86_64}, a separate module; add it with
 * {@code --add-modules}) is used when present; without it file-system sockets and TCP fall back
 * to NIO and abstract names are refused with an error that says why.
 */
module dev.strand.transport.wsi {
    requires transitive dev.strand.api;
    requires org.slf4j;
    requires io.netty.common;
    requires io.netty.buffer;
    requires transitive io.netty.transport;
    requires io.netty.codec;
    requires io.netty.handler;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.epoll;
    requires static osgi.core;
    requires static biz.aQute.bnd.annotation;

    exports dev.strand.transport.wsi;

    provides dev.strand.api.transport.TransportOps with dev.strand.transport.wsi.WsiTransport;
    provides dev.strand.api.LoopGroup with dev.strand.transport.wsi.WsiLoopGroup;
}
