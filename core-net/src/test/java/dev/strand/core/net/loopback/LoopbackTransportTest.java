package dev.strand.core.net.loopback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.ManualLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackTransportTest {

    private final ManualLoop loop = new ManualLoop();
    private final LoopbackTransport transport = new LoopbackTransport();
    private final Endpoint endpoint = Endpoint.parse("mem:test-" + System.nanoTime());
    private final Recorder server = new Recorder();
    private final Recorder client = new Recorder();
    private Listener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    private void connect() throws IOException {
        listener = transport.listen(endpoint, loop, link -> server);
        transport.connect(endpoint, ConnectOptions.DEFAULT, loop, client);
        loop.runPending();
        assertTrue(client.link.isOpen());
        assertTrue(server.link.isOpen());
    }

    @Test
    void bytesArriveInOrderOnTheOtherSide() throws IOException {
        connect();
        client.link.write(ByteBuffer.wrap("hello ".getBytes()));
        client.link.write(ByteBuffer.wrap("world".getBytes()));
        loop.runPending();
        assertEquals("hello world", server.received.toString());
    }

    @Test
    void connectingToNothingFailsWithConnectException() {
        transport.connect(Endpoint.parse("mem:nobody-" + System.nanoTime()), ConnectOptions.DEFAULT, loop, client);
        loop.runPending();
        assertInstanceOf(ConnectException.class, client.connectFailure);
        assertNull(client.link);
    }

    @Test
    void aWriterStopsBeingWritableWhenTheReaderPausesAndIsToldWhenItDrains() throws IOException {
        connect();
        server.link.setReading(false);
        byte[] chunk = new byte[16 * 1024];
        int written = 0;
        while (client.link.write(ByteBuffer.wrap(chunk))) {
            written += chunk.length;
            loop.runPending();
        }
        written += chunk.length;
        assertFalse(client.link.isWritable());
        assertEquals(LoopbackTransport.DEFAULT_HIGH_WATER, written);

        client.link.requestWrite();
        loop.runPending();
        assertEquals(0, client.writableEvents);

        server.link.setReading(true);
        loop.runPending();
        assertEquals(written, server.received.size());
        assertEquals(1, client.writableEvents);
        assertTrue(client.link.isWritable());
    }

    @Test
    void closeDeliversPendingBytesThenAnOrderlyClose() throws IOException {
        connect();
        client.link.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        client.link.close();
        loop.runPending();
        assertArrayEquals(new byte[] {1, 2, 3}, server.received.toByteArray());
        assertEquals(List.of("closed:null"), server.closes);
        assertEquals(List.of("closed:null"), client.closes);
    }

    @Test
    void abortResetsThePeer() throws IOException {
        connect();
        client.link.abort(new IOException("test abort"));
        loop.runPending();
        assertEquals(List.of("closed:IOException"), server.closes);
        assertEquals(List.of("closed:IOException"), client.closes);
        assertFalse(server.link.isOpen());
    }

    @Test
    void aSecondListenerOnTheSameNameIsRefused() throws IOException {
        listener = transport.listen(endpoint, loop, link -> server);
        assertThrows(IOException.class, () -> transport.listen(endpoint, loop, link -> server));
    }

    @Test
    void methodsRefuseOtherThreads() throws Exception {
        connect();
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                client.link.requestWrite();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        t.start();
        t.join();
        assertInstanceOf(IllegalStateException.class, thrown[0]);
    }

    private static final class Recorder implements LinkHandler {
        Link link;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<String> closes = new ArrayList<>();
        Throwable connectFailure;
        int writableEvents;

        @Override
        public void onOpen(Link l) {
            link = l;
        }

        @Override
        public void onRead(Link l, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.writeBytes(b);
        }

        @Override
        public void onWritable(Link l) {
            writableEvents++;
        }

        @Override
        public void onClosed(Link l, Throwable cause) {
            closes.add("closed:" + (cause == null ? "null" : cause.getClass().getSimpleName()));
        }

        @Override
        public void onConnectFailed(Throwable cause) {
            connectFailure = cause;
        }
    }
}
