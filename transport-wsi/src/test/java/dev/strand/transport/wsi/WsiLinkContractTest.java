package dev.strand.transport.wsi;

import static dev.strand.transport.wsi.Probe.barrier;
import static dev.strand.transport.wsi.Probe.get;
import static dev.strand.transport.wsi.Probe.onLoop;
import static dev.strand.transport.wsi.Probe.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Link;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Link} contract, over every socket kind (Unix path, Linux abstract name, TCP, TLS over
 * TCP, and NIO Unix path and TCP with native epoll off) and both loop modes (link owners on Netty
 * loops, and on core-net's JDK loops with events handed over). Real sockets throughout.
 */
class WsiLinkContractTest {

    private static final String VARIANTS = "dev.strand.transport.wsi.Variant#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void echoReturnsEveryByteInOrderFromOneByteToOneMebibyte(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            bed.listen(link -> Probe.echo());
            for (int size : new int[] {1, 1000, 65_543, 1 << 20}) {
                Probe client = Probe.recorder();
                bed.connect(client);
                Link link = client.awaitOpen();
                byte[] payload = random(size, size);
                client.send(link, payload, 16 * 1024);
                assertArrayEquals(payload, client.awaitBytes(size), "echo of " + size + " bytes");
                run(link.loop(), link::close);
                assertNull(client.awaitClosed().cause());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void manyLinksAtOnceKeepTheirBytesApart(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            bed.listen(link -> Probe.echo());
            int links = 32;
            List<Probe> clients = new ArrayList<>();
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < links; i++) {
                Probe p = Probe.recorder();
                clients.add(p);
                payloads.add(random(20_000 + i, i));
                bed.connect(p);
            }
            for (int i = 0; i < links; i++) {
                clients.get(i).send(clients.get(i).awaitOpen(), payloads.get(i), 4096);
            }
            for (int i = 0; i < links; i++) {
                assertArrayEquals(payloads.get(i), clients.get(i).awaitBytes(payloads.get(i).length), "link " + i);
            }
            for (Probe p : clients) {
                Link l = p.awaitOpen();
                run(l.loop(), l::close);
                assertNull(p.awaitClosed().cause());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void readsJoinSmallWritesAndSplitLargeOnesButKeepEveryByte(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            LinkBed.OneLink one = bed.openOne(Probe.recorder());
            Link link = one.link();
            Probe s = one.server();

            byte[] small = random(7 * 200, 1);
            run(link.loop(), () -> {
                for (int i = 0; i < 200; i++) {
                    link.write(ByteBuffer.wrap(small, i * 7, 7));
                }
            });
            assertArrayEquals(small, s.awaitBytes(small.length));
            assertTrue(s.reads.get() < 200, "200 writes of 7 bytes arrived in " + s.reads.get() + " reads");

            int readsBefore = s.reads.get();
            byte[] large = random(1 << 20, 2);
            run(link.loop(), () -> link.write(ByteBuffer.wrap(large)));
            byte[] all = s.awaitBytes(small.length + large.length);
            assertArrayEquals(large, Arrays.copyOfRange(all, small.length, all.length));
            assertTrue(s.reads.get() - readsBefore > 1, "1 MiB arrived in one read");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void aPausedReaderStopsTheWriterWhichIsToldWhenTheReaderResumes(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            LinkBed.OneLink one = bed.openOne(Probe.paused());
            Probe client = one.client();
            Link link = one.link();
            Probe s = one.server();
            Link serverLink = s.awaitOpen();

            byte[] payload = pattern(16 << 20);
            client.send(link, payload, 16 * 1024);
            awaitStall(client);
            assertFalse(client.sent.isDone(), "16 MiB went into a link whose reader is paused");
            assertFalse(onLoop(link.loop(), link::isWritable), "the stalled writer still reports writable");
            assertTrue(s.receivedCount() < payload.length);
            int writablesWhileStalled = client.writables.get();

            run(serverLink.loop(), () -> serverLink.setReading(true));
            get(client.sent);
            assertTrue(client.writables.get() > writablesWhileStalled, "no onWritable after the reader resumed");
            assertArrayEquals(payload, s.awaitBytes(payload.length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void requestWriteIsAnsweredOnceHoweverOftenItIsCalled(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            bed.listen(link -> Probe.echo());
            Probe client = Probe.recorder();
            bed.connect(client);
            Link link = client.awaitOpen();
            run(link.loop(), () -> {
                link.requestWrite();
                link.requestWrite();
                link.requestWrite();
            });
            barrier(link.loop());
            barrier(link.loop());
            assertEquals(1, client.writables.get());
            run(link.loop(), link::requestWrite);
            barrier(link.loop());
            assertEquals(2, client.writables.get(), "a new request after the answer gets a new answer");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void closeDeliversPendingBytesInBothDirectionsThenAnOrderlyClose(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            byte[] fromServer = random(1 << 20, 3);
            byte[] fromClient = random(1 << 20, 4);
            CompletableFuture<Probe> serverOfSecond = new CompletableFuture<>();
            List<Probe> servers = new ArrayList<>();
            bed.listen(link -> {
                if (servers.isEmpty()) {
                    Probe p = new ProbeThatWritesAndCloses(fromServer);
                    servers.add(p);
                    return p;
                }
                Probe p = Probe.recorder();
                servers.add(p);
                serverOfSecond.complete(p);
                return p;
            });

            Probe client = Probe.recorder();
            bed.connect(client);
            assertArrayEquals(fromServer, client.awaitBytes(fromServer.length));
            assertNull(client.awaitClosed().cause());

            Probe writer = Probe.recorder();
            bed.connect(writer);
            Link link = writer.awaitOpen();
            run(link.loop(), () -> {
                link.write(ByteBuffer.wrap(fromClient));
                link.close();
                assertFalse(link.isOpen());
            });
            Probe s = get(serverOfSecond);
            assertArrayEquals(fromClient, s.awaitBytes(fromClient.length));
            assertNull(s.awaitClosed().cause());
            assertNull(writer.awaitClosed().cause());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void aPausedReaderGetsItsBacklogBeforeTheEndOfStream(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            byte[] fromServer = random(50_000, 5);
            ProbeThatWritesAndCloses server = new ProbeThatWritesAndCloses(fromServer);
            bed.listen(link -> server);
            Probe client = Probe.paused();
            bed.connect(client);
            Link link = client.awaitOpen();
            assertNull(server.awaitClosed().cause());
            barrier(link.loop());
            assertEquals(0, client.closes.get(), "the end of stream overtook paused bytes");
            assertEquals(0, client.receivedCount(), "bytes arrived while paused");

            run(link.loop(), () -> link.setReading(true));
            assertNull(client.awaitClosed().cause());
            assertArrayEquals(fromServer, client.receivedBytes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void abortClosesAtOnceWithTheCauseAndThePeerSeesTheLinkGo(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            LinkBed.OneLink one = bed.openOne(Probe.paused());
            Probe client = one.client();
            Link link = one.link();
            Probe s = one.server();
            IOException cause = new IOException("test abort");
            run(link.loop(), () -> {
                link.write(ByteBuffer.wrap(new byte[256 * 1024]));
                link.abort(cause);
                assertFalse(link.isOpen());
                link.abort(new IOException("second abort"));
                link.close();
            });
            assertSame(cause, client.awaitClosed().cause());
            Link serverLink = s.awaitOpen();
            run(serverLink.loop(), () -> serverLink.setReading(true));
            s.awaitClosed();
            barrier(link.loop());
            assertEquals(1, client.closes.get());
            assertEquals(1, s.closes.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void connectingToNothingFailsWithoutOpeningOrClosing(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            Endpoint nowhere = bed.nowhere();
            Probe client = Probe.recorder();
            bed.transport.connect(nowhere, bed.options(), v.clientLoop(), client);
            Throwable failure = client.awaitConnectFailed();
            assertInstanceOf(IOException.class, failure);
            assertTrue(failure.getMessage().contains(nowhere.toString()), failure.getMessage());
            barrier(v.clientLoop());
            assertFalse(client.opened.isDone());
            assertEquals(0, client.closes.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void closingTheListenerStopsAcceptingButKeepsItsLinks(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            CompletableFuture<Probe> accepted = new CompletableFuture<>();
            Endpoint endpoint = bed.listen(link -> {
                Probe p = Probe.echo();
                accepted.complete(p);
                return p;
            });
            Probe before = Probe.recorder();
            bed.connect(before);
            Link link = before.awaitOpen();
            get(accepted).awaitOpen();

            bed.listener().close();
            bed.listener().close();
            if (!endpoint.isAbstractUnix() && endpoint.scheme().equals("unix")) {
                assertFalse(Files.exists(Path.of(endpoint.address())), "socket file left behind");
            }

            Probe after = Probe.recorder();
            bed.transport.connect(endpoint, bed.options(), v.clientLoop(), after);
            assertInstanceOf(IOException.class, after.awaitConnectFailed());

            byte[] payload = random(5000, 6);
            before.send(link, payload, 1000);
            assertArrayEquals(payload, before.awaitBytes(payload.length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void aHandlerThatThrowsClosesOnlyItsOwnLink(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            bed.listen(link -> new EchoThatThrowsOnMarker());
            Probe victim = Probe.recorder();
            bed.connect(victim);
            Link victimLink = victim.awaitOpen();
            Probe bystander = Probe.recorder();
            bed.connect(bystander);
            Link bystanderLink = bystander.awaitOpen();

            run(victimLink.loop(), () -> victimLink.write(ByteBuffer.wrap(new byte[] {EchoThatThrowsOnMarker.MARKER})));
            victim.awaitClosed();

            byte[] payload = pattern(3000);
            bystander.send(bystanderLink, payload, 100);
            assertArrayEquals(payload, bystander.awaitBytes(payload.length));
            assertEquals(0, bystander.closes.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VARIANTS)
    void linkMethodsRefuseOtherThreadsAndAClosedLinkIgnoresWrites(Variant v) throws Exception {
        try (LinkBed bed = new LinkBed(v)) {
            bed.listen(link -> Probe.echo());
            Probe client = Probe.recorder();
            bed.connect(client);
            Link link = client.awaitOpen();
            assertThrows(IllegalStateException.class, () -> link.write(ByteBuffer.allocate(1)));
            assertThrows(IllegalStateException.class, link::requestWrite);
            assertThrows(IllegalStateException.class, link::close);
            run(link.loop(), () -> {
                link.close();
                ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2, 3});
                assertFalse(link.write(data));
                assertEquals(3, data.position());
                assertFalse(link.isWritable());
                link.requestWrite();
            });
            assertNull(client.awaitClosed().cause());
            barrier(link.loop());
            assertEquals(0, client.writables.get());
        }
    }

    /** On open, writes its payload and closes at once. */
    private static final class ProbeThatWritesAndCloses extends Probe {
        private final byte[] payload;

        ProbeThatWritesAndCloses(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public void onOpen(Link link) {
            super.onOpen(link);
            link.write(ByteBuffer.wrap(payload));
            link.close();
        }
    }

    /** Echoes, but throws when a read starts with {@link #MARKER}. */
    private static final class EchoThatThrowsOnMarker extends Probe {
        static final byte MARKER = (byte) 0xEE;

        @Override
        public void onRead(Link link, ByteBuffer data) {
            if (data.get(data.position()) == MARKER) {
                throw new IllegalStateException("handler bug (expected by the test)");
            }
            link.write(data);
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    /** Waits until the sender has made no progress for a while: its link stopped taking bytes. */
    private static void awaitStall(Probe sender) throws InterruptedException {
        long deadline = System.nanoTime() + Probe.WAIT.toNanos();
        int last = -1;
        int still = 0;
        while (still < 10) {
            if (System.nanoTime() > deadline) {
                fail("the writer never stalled; it sent " + sender.sendProgress() + " bytes");
            }
            if (sender.sent.isDone()) {
                return;
            }
            int now = sender.sendProgress();
            still = now == last ? still + 1 : 0;
            last = now;
            Thread.sleep(25);
        }
    }
}
