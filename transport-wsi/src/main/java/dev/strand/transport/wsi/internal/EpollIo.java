package dev.strand.transport.wsi.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;

/**
 * Netty's native epoll: TCP and Unix sockets, including Linux abstract names. Only loaded after
 * {@link IoKinds} found epoll available, so that a bundle without the optional epoll packages
 * never touches these classes.
 *
 * <p>An abstract name {@code @name} becomes the path {@code "\0name"}; Netty's native bind and
 * connect pass {@code offsetof(sun_path) + bytes} as the address length, which is exactly lws's
 * {@code 2 + strlen("@name")}, with no padding to the full {@code sun_path}.
 */
final class EpollIo implements IoKind {

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return EpollIoHandler.newFactory();
    }

    @Override
    public boolean isCompatible(EventLoop loop) {
        return loop instanceof IoEventLoop l && l.isCompatible(EpollIoHandle.class);
    }

    @Override
    public boolean supports(Target target) {
        return true;
    }

    @Override
    public Channel newChannel(Target target) {
        return target.isTcp() ? new EpollSocketChannel() : new EpollDomainSocketChannel();
    }

    @Override
    public ServerChannel newServerChannel(Target target) {
        return target.isTcp() ? new EpollServerSocketChannel() : new EpollServerDomainSocketChannel();
    }

    @Override
    public SocketAddress unixAddress(Target target) {
        return target.type() == Target.Type.UNIX_ABSTRACT
                ? new DomainSocketAddress("\0" + target.abstractName())
                : new DomainSocketAddress(target.path().toString());
    }

    @Override
    public String toString() {
        return name();
    }
}
