package dev.strand.core.net.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link dev.strand.api.transport.Link} promises, run against each transport by a
 * subclass that says how to make a connected pair: whole-buffer writes, order, backpressure,
 * close and abort, loop confinement.
 */
public abstract class LinkContract {

    protected static final Duration WAIT = Duration.ofSeconds(20);

    /** A fresh connected pair; closed by the test. */
    protected abstract LinkPair open() throws Exception;

    @Test
    void bytesArriveWholeAndInOrderAcrossManyWritesOfAnySizeBothWays() throws Exception {
        try (LinkPair p = open()) {
            byte[] ab = random(300_000, 1);
            byte[] ba = random(200_000, 2);
            pacedWrite(p.a, p.ra, ab, 3);
            pacedWrite(p.b, p.rb, ba, 4);
            assertArrayEquals(ab, p.rb.awaitReceived(ab.length, WAIT));
            assertArrayEquals(ba, p.ra.awaitReceived(ba.length, WAIT));
        }
    }

    @Test
    void aWriteTakesTheWholeBufferAndTheCallerMayReuseItAtOnce() throws Exception {
        try (LinkPair p = open()) {
            byte[] data = random(10_000, 5);
            byte[] expected = data.clone();
            ByteBuffer buf = ByteBuffer.wrap(data);
            LinkPair.run(p.a, () -> {
                p.a.write(buf);
                assertEquals(buf.limit(), buf.position(), "write consumed the buffer");
                java.util.Arrays.fill(data, (byte) 0x55);
            });
            assertArrayEquals(expected, p.rb.awaitReceived(expected.length, WAIT));
        }
    }

    @Test
    void aStalledPathMakesTheWriterUnwritableAndItIsToldWhenTheBytesFlowAgain() throws Exception {
        try (LinkPair p = open()) {
            p.stall();
            AtomicInteger written = new AtomicInteger();
            byte[] chunk = new byte[8192];
            long deadline = System.nanoTime() + WAIT.toNanos();
            do {
                // buffers below the link (a kernel's, a relay's) may take more after a first "no"
                while (LinkPair.on(p.a, () -> {
                    boolean more = p.a.write(ByteBuffer.wrap(chunk));
                    written.addAndGet(chunk.length);
                    return more;
                })) {
                    assertTrue(System.nanoTime() < deadline, "still writable after " + written + " bytes");
                }
                Thread.sleep(100);
            } while (LinkPair.on(p.a, p.a::isWritable));
            assertFalse(LinkPair.on(p.a, p.a::isWritable));
            int before = p.ra.writableEvents();
            LinkPair.run(p.a, p.a::requestWrite);
            Thread.sleep(200);
            assertEquals(before, p.ra.writableEvents(), "no writable event while stalled");
            p.resume();
            LinkRecorder.Await.until(() -> p.ra.writableEvents() > before, WAIT, () -> "no writable event after resume");
            p.rb.awaitReceived(written.get(), WAIT);
            assertEquals(written.get(), p.rb.receivedCount(), "every byte arrived once");
        }
    }

    @Test
    void closeSendsWhatWasWrittenThenClosesOrderly() throws Exception {
        try (LinkPair p = open()) {
            byte[] data = random(50_000, 6);
            LinkPair.run(p.a, () -> {
                p.a.write(ByteBuffer.wrap(data));
                p.a.close();
                assertFalse(p.a.isOpen());
            });
            assertSame(LinkRecorder.ORDERLY, p.ra.awaitClosed(WAIT));
            assertArrayEquals(data, p.rb.awaitReceived(data.length, WAIT));
            if (p.closePropagates()) {
                assertSame(LinkRecorder.ORDERLY, p.rb.awaitClosed(WAIT), "the peer sees an orderly close");
            }
            LinkPair.run(p.a, () -> {
                p.a.close();
                assertFalse(p.a.write(ByteBuffer.wrap(new byte[] {1})), "writing to a closed link does nothing");
            });
        }
    }

    @Test
    void abortClosesAtOnceWithItsCause() throws Exception {
        try (LinkPair p = open()) {
            IOException why = new IOException("contract abort");
            LinkPair.run(p.a, () -> {
                p.a.write(ByteBuffer.wrap(new byte[100_000]));
                p.a.abort(why);
                assertFalse(p.a.isOpen());
                p.a.abort(new IOException("second abort"));
            });
            assertSame(why, p.ra.awaitClosed(WAIT));
            if (p.closePropagates()) {
                p.rb.awaitClosed(WAIT);
            }
        }
    }

    @Test
    void methodsAreCalledOnTheLinksLoopOnly() throws Exception {
        try (LinkPair p = open()) {
            assertThrows(IllegalStateException.class, () -> p.a.write(ByteBuffer.wrap(new byte[] {1})));
            assertThrows(IllegalStateException.class, p.a::requestWrite);
            assertInstanceOf(Boolean.class, LinkPair.on(p.a, p.a::isOpen));
        }
    }

    /** Writes {@code data} in random-sized pieces, pausing whenever the link says so. */
    protected static void pacedWrite(dev.strand.api.transport.Link link, LinkRecorder r, byte[] data, long seed)
            throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        int[] offset = {0};
        Runnable pump = new Runnable() {
            @Override
            public void run() {
                while (offset[0] < data.length) {
                    int n = Math.min(data.length - offset[0], 1 + random.nextInt(5000));
                    boolean more = link.write(ByteBuffer.wrap(data, offset[0], n));
                    offset[0] += n;
                    if (!more) {
                        link.requestWrite();
                        return;
                    }
                }
            }
        };
        r.whenWritable(pump);
        LinkPair.run(link, pump);
    }

    protected static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
