package dev.strand.transport.wsi;

import static dev.strand.transport.wsi.Probe.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.Listener;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.loop.ManualLoop;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Which thread runs what: links on a Netty loop live on its thread (and an onward connection made
 * from there shares it, as the SS proxy needs); links on any other loop get every callback on
 * that loop, including a fake-clock {@link ManualLoop} driven by the test thread.
 */
class LinkThreadingTest {

    private final WsiTransport transport = new WsiTransport(WsiSettings.defaults());

    @Test
    void anAcceptedLinkAndTheOnwardLinkItOpensShareOneNettyThread() throws Exception {
        try (Listener origin = transport.listen(Endpoint.parse("unix:@strand-origin-" + UUID.randomUUID()),
                TestLoops.nettyEpoll(), l -> Probe.echo())) {
            CompletableFuture<Probe> onward = new CompletableFuture<>();
            CompletableFuture<Probe> accepted = new CompletableFuture<>();
            try (Listener proxy = transport.listen(Endpoint.parse("unix:@strand-proxy-" + UUID.randomUUID()),
                    TestLoops.nettyEpoll(), link -> {
                        Probe inbound = Probe.recorder();
                        Probe out = Probe.recorder();
                        transport.connect(origin.endpoint(), ConnectOptions.DEFAULT, link.loop(), out);
                        onward.complete(out);
                        accepted.complete(inbound);
                        return inbound;
                    })) {
                Probe client = Probe.recorder();
                transport.connect(proxy.endpoint(), ConnectOptions.DEFAULT, TestLoops.foreign().next(), client);
                client.awaitOpen();
                Link inbound = get(accepted).awaitOpen();
                Link out = get(onward).awaitOpen();
                assertSame(inbound.loop(), out.loop());
                Probe.run(out.loop(), () -> out.write(ByteBuffer.wrap(new byte[] {7})));
                get(onward).awaitBytes(1);
                Set<Thread> threads = new java.util.HashSet<>(get(accepted).callbackThreads);
                threads.addAll(get(onward).callbackThreads);
                assertEquals(1, threads.size(), "callbacks ran on " + threads);
                assertTrue(threads.iterator().next().getName().startsWith("test-netty-epoll"));
            }
        }
    }

    @Test
    void aLinkOnAForeignLoopGetsEveryCallbackOnThatLoop() throws Exception {
        try (EventLoop loop = new EventLoop("test-own-loop");
             Listener listener = transport.listen(Endpoint.parse("tcp:127.0.0.1:0"), TestLoops.nettyEpoll(),
                     l -> Probe.echo())) {
            Probe client = Probe.recorder();
            transport.connect(listener.endpoint(), ConnectOptions.DEFAULT, loop, client);
            Link link = client.awaitOpen();
            assertSame(loop, link.loop());
            client.send(link, new byte[100_000], 1000);
            client.awaitBytes(100_000);
            Probe.run(loop, link::close);
            client.awaitClosed();
            assertEquals(1, client.callbackThreads.size());
            assertEquals("test-own-loop", client.callbackThreads.iterator().next().getName());
        }
    }

    @Test
    void aManualLoopDrivesALinkFromTheTestThread() throws Exception {
        ManualLoop loop = new ManualLoop();
        try (Listener listener = transport.listen(Endpoint.parse("unix:@strand-manual-" + UUID.randomUUID()),
                TestLoops.nettyEpoll(), l -> Probe.echo())) {
            Probe client = Probe.recorder();
            transport.connect(listener.endpoint(), ConnectOptions.DEFAULT, loop, client);
            runUntil(loop, client.opened);
            Link link = client.opened.get();
            link.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            runUntil(loop, () -> client.receivedCount() == 3);
            assertArrayEquals(new byte[] {1, 2, 3}, client.receivedBytes());
            link.close();
            runUntil(loop, client.closed);
            assertNull(client.closed.get().cause());
            assertEquals(Set.of(Thread.currentThread()), client.callbackThreads);
        }
    }

    @Test
    void shuttingTheSharedGroupsDownClosesTheirLinksAndTheNextUseMakesNewOnes() throws Exception {
        try (Listener listener = transport.listen(Endpoint.parse("unix:@strand-shared-" + UUID.randomUUID()),
                TestLoops.nettyEpoll(), l -> Probe.echo())) {
            Probe before = Probe.recorder();
            transport.connect(listener.endpoint(), ConnectOptions.DEFAULT, TestLoops.foreign().next(), before);
            before.awaitOpen();
            NettyLoopGroup old = WsiResources.sharedLoops();

            WsiResources.shutdown();
            before.awaitClosed();

            Probe after = Probe.recorder();
            transport.connect(listener.endpoint(), ConnectOptions.DEFAULT, TestLoops.foreign().next(), after);
            Link link = after.awaitOpen();
            after.send(link, new byte[] {1}, 1);
            after.awaitBytes(1);
            assertTrue(old != WsiResources.sharedLoops(), "the shut-down group was handed out again");
        }
    }

    private static void runUntil(ManualLoop loop, CompletableFuture<?> done) {
        runUntil(loop, done::isDone);
    }

    private static void runUntil(ManualLoop loop, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Probe.WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (loop.runPending() == 0) {
                if (System.nanoTime() > deadline) {
                    fail("the manual loop got nothing to do within " + Probe.WAIT);
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }
}
