package dev.strand.transport.wsi;

import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * One way to make links, for tests that must hold for every way: a socket kind and a loop mode.
 *
 * @param socket the kind of socket and I/O
 * @param mode   whether link owners are Netty loops (channels on the owner's thread) or foreign
 *               core-net loops (channels on the shared group, events handed over)
 */
record Variant(Socket socket, Mode mode) {

    /** Socket kinds; the {@code NIO_} ones run with native epoll turned off. */
    enum Socket {
        UNIX_PATH(true), UNIX_ABSTRACT(true), TCP(true), TLS(true), NIO_UNIX_PATH(false), NIO_TCP(false);

        final boolean nativeIo;

        Socket(boolean nativeIo) {
            this.nativeIo = nativeIo;
        }
    }

    /** Who owns the links. */
    enum Mode { NETTY, FOREIGN }

    /** Every socket kind on every loop mode. */
    static Stream<Variant> all() {
        return Arrays.stream(Socket.values())
                .flatMap(s -> Arrays.stream(Mode.values()).map(m -> new Variant(s, m)));
    }

    LoopGroup serverLoops() {
        return switch (mode) {
            case NETTY -> socket.nativeIo ? TestLoops.nettyEpoll() : TestLoops.nettyNio();
            case FOREIGN -> TestLoops.foreign();
        };
    }

    Loop clientLoop() {
        return serverLoops().next();
    }

    /** The defaults, except a short close linger: a paused peer need not hold a test up. */
    WsiSettings settings() {
        return WsiSettings.defaults().withNativeTransport(socket.nativeIo).withCloseLinger(Duration.ofMillis(300));
    }

    @Override
    public String toString() {
        return socket + "/" + mode;
    }
}
