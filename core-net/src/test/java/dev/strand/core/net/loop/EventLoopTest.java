package dev.strand.core.net.loop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    private final EventLoop loop = new EventLoop("test-loop");

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        loop.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        loop.execute(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }

    @Test
    void tasksRunOnTheLoopThreadAndKnowIt() throws Exception {
        AtomicBoolean inLoop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            inLoop.set(loop.inLoop());
            done.countDown();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertTrue(inLoop.get());
        assertFalse(loop.inLoop());
        assertThrows(IllegalStateException.class, loop::assertInLoop);
    }

    @Test
    void cancelledTimersDoNotRun() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        assertTrue(loop.schedule(() -> ran.set(true), 200, TimeUnit.MILLISECONDS).cancel());
        CountDownLatch later = new CountDownLatch(1);
        loop.schedule(later::countDown, 300, TimeUnit.MILLISECONDS);
        assertTrue(later.await(5, TimeUnit.SECONDS));
        assertFalse(ran.get());
    }
}
