package dev.strand.transport.wsi.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** The JDK's NIO: TCP and file-system Unix sockets; the JDK refuses abstract names. */
final class NioIo implements IoKind {

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return NioIoHandler.newFactory();
    }

    @Override
    public boolean isCompatible(EventLoop loop) {
        return loop instanceof IoEventLoop l && l.isCompatible(NioIoHandle.class);
    }

    @Override
    public boolean supports(Target target) {
        return target.type() != Target.Type.UNIX_ABSTRACT;
    }

    @Override
    public Channel newChannel(Target target) {
        requireSupported(target);
        return target.isTcp() ? new NioSocketChannel() : new NioDomainSocketChannel();
    }

    @Override
    public ServerChannel newServerChannel(Target target) {
        requireSupported(target);
        return target.isTcp() ? new NioServerSocketChannel() : new NioServerDomainSocketChannel();
    }

    @Override
    public SocketAddress unixAddress(Target target) {
        requireSupported(target);
        return UnixDomainSocketAddress.of(target.path());
    }

    private void requireSupported(Target target) {
        if (!supports(target)) {
            throw new IllegalStateException(target + " cannot be carried by NIO");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
