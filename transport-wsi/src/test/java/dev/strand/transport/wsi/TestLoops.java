package dev.strand.transport.wsi;

import dev.strand.core.net.loop.EventLoopGroup;

/**
 * Loops the tests share, made once per JVM on daemon threads: Netty groups on epoll and on NIO,
 * and a group of core-net's JDK {@code EventLoop}s, which are "foreign" to the transport.
 */
final class TestLoops {

    private TestLoops() {
    }

    private static final class Epoll {
        static final NettyLoopGroup GROUP = NettyLoopGroup.epoll("test-netty-epoll", 2);
    }

    private static final class Nio {
        static final NettyLoopGroup GROUP = NettyLoopGroup.nio("test-netty-nio", 2);
    }

    private static final class Foreign {
        static final EventLoopGroup GROUP = new EventLoopGroup("test-foreign", 2);
    }

    static NettyLoopGroup nettyEpoll() {
        return Epoll.GROUP;
    }

    static NettyLoopGroup nettyNio() {
        return Nio.GROUP;
    }

    static EventLoopGroup foreign() {
        return Foreign.GROUP;
    }
}
