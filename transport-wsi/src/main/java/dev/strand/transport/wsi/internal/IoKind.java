package dev.strand.transport.wsi.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import java.net.SocketAddress;

/**
 * One Netty I/O flavour (NIO or native epoll): its event loops and the channel and address types
 * that must go with them. A channel can only be registered on an event loop of its own kind.
 */
public interface IoKind {

    /** {@code nio} or {@code epoll}, for logs. */
    String name();

    /** Whether this is native epoll. */
    boolean isNative();

    /** Makes the event loops of this kind. */
    IoHandlerFactory ioHandlerFactory();

    /** Whether channels of this kind can be registered on {@code loop}. */
    boolean isCompatible(EventLoop loop);

    /** Whether this kind can carry {@code target} at all (abstract names need epoll). */
    boolean supports(Target target);

    /** A new, unregistered, unconnected channel for {@code target}. */
    Channel newChannel(Target target);

    /** A new, unregistered server channel for {@code target}. */
    ServerChannel newServerChannel(Target target);

    /** The socket address of a Unix {@code target} in this kind's address type. */
    SocketAddress unixAddress(Target target);
}
