package dev.strand.transport.wsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Loop;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link NettyLoop} and {@link NettyLoopGroup} keep the {@link Loop} contract on Netty threads. */
class NettyLoopTest {

    @Test
    void tasksRunOnTheLoopThreadInOrder() throws Exception {
        NettyLoop loop = TestLoops.nettyEpoll().next();
        assertFalse(loop.inLoop());
        StringBuilder order = new StringBuilder();
        CompletableFuture<Boolean> inLoop = new CompletableFuture<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.execute(() -> order.append(n));
        }
        loop.execute(() -> inLoop.complete(loop.inLoop()));
        assertTrue(Probe.get(inLoop));
        assertEquals("01234", order.toString());
        assertThrows(IllegalStateException.class, loop::assertInLoop);
    }

    @Test
    void timersFireAfterTheirDelayAndCancelledOnesNever() throws Exception {
        NettyLoop loop = TestLoops.nettyEpoll().next();
        CountDownLatch fired = new CountDownLatch(1);
        long start = loop.nanoTime();
        loop.schedule(fired::countDown, 30, TimeUnit.MILLISECONDS);
        AtomicBoolean cancelledRan = new AtomicBoolean();
        Loop.Scheduled cancelled = loop.schedule(() -> cancelledRan.set(true), 50, TimeUnit.MILLISECONDS);
        assertTrue(loop.cancel(cancelled));
        assertFalse(cancelled.cancel());
        assertTrue(fired.await(10, TimeUnit.SECONDS));
        assertTrue(loop.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        CountDownLatch later = new CountDownLatch(1);
        loop.schedule(later::countDown, 80, TimeUnit.MILLISECONDS);
        assertTrue(later.await(10, TimeUnit.SECONDS));
        assertFalse(cancelledRan.get());
    }

    @Test
    void aGroupHandsOutOneWrapperPerEventLoop() {
        try (NettyLoopGroup group = NettyLoopGroup.create("test-wrappers", 3)) {
            Set<NettyLoop> seen = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                NettyLoop next = group.next();
                seen.add(next);
                assertTrue(group.loops().stream().anyMatch(l -> l == next));
            }
            assertEquals(3, seen.size());
            assertEquals(NettyLoop.of(group.loops().get(0).eventLoop()), group.loops().get(0));
            assertNotEquals(group.loops().get(0), group.loops().get(1));
            assertSame(group.loops().get(0), group.loops().get(0).next());
        }
    }

    @Test
    void createdGroupsRunNativeEpollHereAndNioOnRequest() {
        try (NettyLoopGroup best = NettyLoopGroup.create("test-best", 1);
             NettyLoopGroup nio = NettyLoopGroup.nio("test-nio", 1)) {
            assertTrue(WsiResources.nativeTransportAvailable(), WsiResources.nativeTransportUnavailableReason());
            assertTrue(best.isNative());
            assertFalse(nio.isNative());
        }
    }

    @Test
    void aClosedLoopDropsTasksQuietly() {
        NettyLoopGroup group = NettyLoopGroup.nio("test-closed", 1);
        NettyLoop loop = group.next();
        group.close();
        group.close();
        loop.execute(() -> { });
        assertFalse(loop.schedule(() -> { }, 1, TimeUnit.MILLISECONDS).cancel());
    }
}
