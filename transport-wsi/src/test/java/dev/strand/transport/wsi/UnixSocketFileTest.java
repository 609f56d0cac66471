package dev.strand.transport.wsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Listener;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unix socket files: a stale one (left by a process that died) is replaced as lws does; a live
 * listener's is not stolen; something that is not a socket is never removed; closing removes the
 * listener's own file. On epoll and on NIO.
 */
class UnixSocketFileTest {

    @TempDir
    Path dir;

    private static WsiTransport transport(boolean nativeIo) {
        return new WsiTransport(WsiSettings.defaults().withNativeTransport(nativeIo));
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void aStaleSocketFileIsReplaced(boolean nativeIo) throws Exception {
        Path path = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path), "the JDK leaves the socket file behind");

        WsiTransport transport = transport(nativeIo);
        try (Listener listener = transport.listen(Endpoint.parse("unix:" + path), TestLoops.foreign(), l -> Probe.echo())) {
            Probe client = Probe.recorder();
            transport.connect(listener.endpoint(), ConnectOptions.DEFAULT, TestLoops.foreign().next(), client);
            client.awaitOpen();
        }
        assertFalse(Files.exists(path), "closing the listener leaves its socket file");
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void aLiveListenersSocketIsNotStolen(boolean nativeIo) throws Exception {
        Path path = dir.resolve("live.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(path));
            IOException e = assertThrows(IOException.class,
                    () -> transport(nativeIo).listen(Endpoint.parse("unix:" + path), TestLoops.foreign(), l -> Probe.echo()));
            assertTrue(e.getMessage().contains("address in use"), e.getMessage());
            try (SocketChannel stillThere = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                assertTrue(stillThere.isConnected());
            }
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void aPathThatIsNotASocketIsNeverRemoved(boolean nativeIo) throws Exception {
        Path path = dir.resolve("precious.txt");
        Files.writeString(path, "keep me");
        IOException e = assertThrows(IOException.class,
                () -> transport(nativeIo).listen(Endpoint.parse("unix:" + path), TestLoops.foreign(), l -> Probe.echo()));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("keep me", Files.readString(path));
    }
}
