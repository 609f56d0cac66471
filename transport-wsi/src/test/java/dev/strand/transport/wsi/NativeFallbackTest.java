package dev.strand.transport.wsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.Listener;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Without native epoll, abstract names fail with an error that says why, while file-system paths
 * and TCP run on NIO (the contract suite's NIO variants); and a link owned by an NIO Netty loop
 * still reaches an abstract name, through the shared epoll group.
 */
class NativeFallbackTest {

    private final WsiTransport withoutNative = new WsiTransport(WsiSettings.defaults().withNativeTransport(false));

    @Test
    void anAbstractConnectWithoutEpollFailsSayingWhy() throws Exception {
        Probe client = Probe.recorder();
        withoutNative.connect(Endpoint.parse("unix:@strand-no-epoll"), ConnectOptions.DEFAULT,
                TestLoops.foreign().next(), client);
        Throwable failure = client.awaitConnectFailed();
        assertInstanceOf(IOException.class, failure);
        assertEquals("unix:@strand-no-epoll: Linux abstract Unix socket names need Netty's native epoll transport"
                + " (the JDK's NIO refuses names that start with a NUL byte), and it is turned off"
                + " (strand.wsi.native=false)", failure.getMessage());
    }

    @Test
    void anAbstractListenWithoutEpollFailsSayingWhy() {
        IOException e = assertThrows(IOException.class, () -> withoutNative.listen(
                Endpoint.parse("unix:@strand-no-epoll"), TestLoops.foreign(), l -> Probe.echo()));
        assertTrue(e.getMessage().contains("need Netty's native epoll"), e.getMessage());
    }

    @Test
    void anNioNettyLoopReachesAnAbstractNameThroughTheSharedEpollGroup() throws Exception {
        WsiTransport transport = new WsiTransport(WsiSettings.defaults());
        try (Listener listener = transport.listen(Endpoint.parse("unix:@strand-nio-owner-" + UUID.randomUUID()),
                TestLoops.nettyNio(), l -> Probe.echo())) {
            NettyLoop nioLoop = TestLoops.nettyNio().next();
            Probe client = Probe.recorder();
            transport.connect(listener.endpoint(), ConnectOptions.DEFAULT, nioLoop, client);
            Link link = client.awaitOpen();
            client.send(link, new byte[] {9, 8, 7}, 3);
            client.awaitBytes(3);
            assertEquals(1, client.callbackThreads.size());
            assertTrue(client.callbackThreads.iterator().next().getName().startsWith("test-netty-nio"));
        }
    }
}
